package dev.rampart.operator.vault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How Rampart reaches Vault (or OpenBao).
 *
 * @param address e.g. https://vault.vault.svc:8200
 * @param caCert PEM bundle to trust for Vault's certificate, or null for the JVM's default trust
 * @param tokenFile a file holding a Vault token (development); null means kubernetes auth
 * @param kubernetesMount mount of the kubernetes auth method Rampart and its tenants log in with
 * @param role the kubernetes-auth role Rampart itself logs in with
 * @param jwtFile the service-account token Rampart logs in with
 * @param timeout per request
 * @param resync how often tenants' Vault state is checked for drift when nothing else happens
 * @param keyRetention how long a deleted tenant's transit key is kept for decrypting old data
 * @param tenantTokenTtl lifetime of the tokens tenants' workloads get
 * @param leaseRenewFraction how far into a dynamic-credential lease it is renewed (0.1 to 0.9)
 */
public record VaultConfig(
    URI address,
    Path caCert,
    Path tokenFile,
    String kubernetesMount,
    String role,
    Path jwtFile,
    Duration timeout,
    Duration resync,
    Duration keyRetention,
    Duration tenantTokenTtl,
    double leaseRenewFraction) {}
