package dev.rampart.operator;

import io.fabric8.kubernetes.client.Config;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Rampart with settings from the environment; stops cleanly on SIGTERM. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (OperatorConfig.InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    RampartOperator operator = RampartOperator.start(config, Config.autoConfigure(null));
    log.info("Rampart started; health and metrics on port {}", operator.httpPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping Rampart");
                  operator.close();
                  stopped.countDown();
                },
                "rampart-shutdown"));
    stopped.await();
  }
}
