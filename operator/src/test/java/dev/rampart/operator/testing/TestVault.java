package dev.rampart.operator.testing;

import dev.rampart.localcp.LocalVault;
import dev.rampart.localcp.VaultOnKubernetes;
import java.time.Duration;
import java.util.List;

/** Wires the tests' OpenBao to the tests' API server: kubernetes auth, service accounts, tokens. */
public final class TestVault {

  private TestVault() {}

  /** Enables kubernetes auth on {@code vault}, reviewing tokens with the local API server. */
  public static void configureKubernetesAuth(LocalVault vault) {
    VaultOnKubernetes.connect(vault, TestCluster.admin());
  }

  public static void serviceAccount(String namespace, String name) {
    VaultOnKubernetes.serviceAccount(TestCluster.admin(), namespace, name);
  }

  /** A bound token from the TokenRequest API, valid for an hour. */
  public static String jwt(String namespace, String serviceAccount, List<String> audiences) {
    return VaultOnKubernetes.jwt(
        TestCluster.admin(), namespace, serviceAccount, audiences, Duration.ofHours(1));
  }
}
