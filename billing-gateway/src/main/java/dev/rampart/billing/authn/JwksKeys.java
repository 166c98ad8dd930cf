package dev.rampart.billing.authn;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public signing keys (its JWK set), fetched on first use and kept. They are fetched
 * again when a token names a key that is not among them (the issuer rotated its keys) or when they
 * are older than {@code maxAge} (so that a key the issuer withdrew stops verifying), but never more
 * than once per {@code minInterval}: a flood of tokens naming made-up keys costs the issuer one
 * request per interval. A fetch that fails keeps the keys fetched before.
 */
public final class JwksKeys implements JWKSource<SecurityContext>, AutoCloseable {

  public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
  public static final Duration MAX_AGE = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

  private record Fetched(JWKSet keys, Instant at) {}

  private final URI url;
  private final Duration timeout;
  private final Duration minInterval;
  private final Duration maxAge;
  private final Clock clock;
  private final HttpClient http;
  // Fetches one at a time; callers whose key is among those fetched never wait for it.
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile Fetched fetched;
  private Instant lastAttempt;

  /**
   * @param timeout the longest wait for the issuer's answer, connecting included
   */
  public JwksKeys(URI url, Duration timeout, Duration minInterval, Duration maxAge, Clock clock) {
    this.url = url;
    this.timeout = timeout;
    this.minInterval = minInterval;
    this.maxAge = maxAge;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * @throws KeySourceException when no keys were ever fetched and none can be now
   */
  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    Fetched seen = fetched;
    if (seen != null && clock.instant().isBefore(seen.at().plus(maxAge))) {
      List<JWK> matching = selector.select(seen.keys());
      if (!matching.isEmpty()) {
        return matching;
      }
    }
    return selector.select(refetch(seen));
  }

  /** The keys after fetching them again, unless someone did since {@code seen} or just tried. */
  private JWKSet refetch(Fetched seen) throws KeySourceException {
    fetching.lock();
    try {
      Fetched current = fetched;
      Instant now = clock.instant();
      if (current != seen || lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
        return keysOf(current);
      }
      lastAttempt = now;
      try {
        fetched = new Fetched(fetch(), now);
        return fetched.keys();
      } catch (KeySourceException e) {
        log.warn(
            "cannot fetch the issuer's signing keys: {}; {}",
            e.getMessage(),
            current == null
                ? "no access token verifies until they can"
                : "keeping those fetched at " + current.at());
        return keysOf(current);
      }
    } finally {
      fetching.unlock();
    }
  }

  private JWKSet keysOf(Fetched current) throws KeySourceException {
    if (current == null) {
      throw new KeySourceException("the issuer's signing keys could not be fetched from " + url);
    }
    return current.keys();
  }

  private JWKSet fetch() throws KeySourceException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new KeySourceException(
          "no answer from " + url + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted while fetching " + url, e);
    }
    if (response.statusCode() != 200) {
      throw new KeySourceException(url + " answered " + response.statusCode());
    }
    try {
      // Public keys only: a symmetric or private key published by mistake verifies nothing here.
      return JWKSet.parse(response.body()).toPublicJWKSet();
    } catch (ParseException e) {
      throw new KeySourceException(url + " did not answer a JWK set (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
