package dev.rampart.billing.verify;

/** The outcome of verifying one webhook request. */
public sealed interface Verification permits Verified, Refused {}
