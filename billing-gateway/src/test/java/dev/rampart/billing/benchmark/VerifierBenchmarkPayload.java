package dev.rampart.billing.benchmark;

/** A realistic Stripe {@code charge.succeeded} event of about 2 KiB, as the benchmark's body. */
final class VerifierBenchmarkPayload {

  private VerifierBenchmarkPayload() {}

  static String chargeSucceeded() {
    return """
        {
          "id": "evt_3PqLkD2eZvKYlo2C0Yd8rT1x",
          "object": "event",
          "api_version": "2024-06-20",
          "created": 1772366400,
          "data": {
            "object": {
              "id": "ch_3PqLkD2eZvKYlo2C0q9sE4aB",
              "object": "charge",
              "amount": 129900,
              "amount_captured": 129900,
              "amount_refunded": 0,
              "balance_transaction": "txn_3PqLkD2eZvKYlo2C0mXh2kLp",
              "billing_details": {
                "address": {"city": "Zürich", "country": "CH", "line1": "Bahnhofstrasse 1",
                  "line2": null, "postal_code": "8001", "state": null},
                "email": "jenny.rosen@example.com",
                "name": "Jenny Rosen",
                "phone": "+41 44 000 00 00"
              },
              "captured": true,
              "created": 1772366399,
              "currency": "chf",
              "customer": "cus_Qh3kLmNoPqRsTu",
              "description": "Team plan, annual",
              "invoice": "in_1PqLkC2eZvKYlo2CvW7yZ0aB",
              "livemode": false,
              "metadata": {"tenant": "team-a", "order_id": "6735"},
              "outcome": {"network_status": "approved_by_network", "reason": null,
                "risk_level": "normal", "risk_score": 32, "seller_message": "Payment complete.",
                "type": "authorized"},
              "paid": true,
              "payment_intent": "pi_3PqLkD2eZvKYlo2C0vB1nM2q",
              "payment_method": "pm_1PqLkB2eZvKYlo2CkT5uV6wX",
              "payment_method_details": {
                "card": {"brand": "visa", "checks": {"address_line1_check": "pass",
                  "address_postal_code_check": "pass", "cvc_check": "pass"}, "country": "CH",
                  "exp_month": 12, "exp_year": 2029, "fingerprint": "Xt5EWLLDS7FJjR1c",
                  "funding": "credit", "last4": "4242", "network": "visa",
                  "three_d_secure": null, "wallet": null},
                "type": "card"
              },
              "receipt_email": "jenny.rosen@example.com",
              "receipt_url": "https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xMDMyRDgy",
              "refunded": false,
              "status": "succeeded"
            }
          },
          "livemode": false,
          "pending_webhooks": 1,
          "request": {"id": "req_8Yc1Rx4yZ3aB7c", "idempotency_key": "6f1c0a2e-8d1b-4f7a-9b55-2d8e0c5b1a3f"},
          "type": "charge.succeeded"
        }
        """;
  }
}
