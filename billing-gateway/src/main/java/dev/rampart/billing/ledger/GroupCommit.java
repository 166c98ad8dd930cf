package dev.rampart.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;

/**
 * Writes events recorded concurrently in shared database transactions (group commit): one
 * statement, one round trip and one commit for up to {@code maxBatch} events. A batch is whatever
 * was queued while the previous one committed, so an event never waits for a batch to fill, and
 * each caller is answered only after the commit that wrote its event.
 *
 * <p>Up to {@code committers} batches are written at once, each on a connection of its own. A batch
 * writes its events in (webhook, event id) order, so that concurrent batches, of this gateway or of
 * another, take the idempotency keys' locks in the same order.
 */
final class GroupCommit {

  /** Events per database transaction at most. */
  static final int MAX_BATCH = 64;

  /**
   * Batches written at once: one runs while another waits for its commit to reach the disk. More
   * make batches smaller, and a batch costs PostgreSQL as much CPU as about three of its events on
   * top of theirs.
   */
  static final int COMMITTERS = 2;

  /**
   * An event ready to be written.
   *
   * @param forwardBody the raw body when the event is to be forwarded, otherwise null
   */
  record Event(
      String webhook, String eventId, String eventType, byte[] forwardBody, Entries entries) {}

  private record Pending(Event event, CompletableFuture<RecordResult> result) {}

  private record Key(String webhook, String eventId) implements Comparable<Key> {
    private static final Comparator<Key> ORDER =
        Comparator.comparing(Key::webhook).thenComparing(Key::eventId);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  // The ON CONFLICT of the first insert waits for a concurrent insert of the same event to commit
  // (then inserts nothing, and neither does anything that reads from it) or to roll back (then
  // inserts). A ledger transaction for an event whose idempotency key was pruned already exists:
  // then nothing is posted nor forwarded. Entries name their event by its position in the input.
  private static final String RECORD =
      """
      WITH input AS (
        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[], ?::boolean[])
          WITH ORDINALITY AS i (webhook, event_id, event_type, body, posts, n)),
      event AS (
        INSERT INTO webhook_event (webhook, event_id, event_type)
        SELECT webhook, event_id, event_type FROM input ORDER BY n
        ON CONFLICT (webhook, event_id) DO NOTHING
        RETURNING webhook, event_id),
      txn AS (
        INSERT INTO ledger_transaction (webhook, event_id)
        SELECT i.webhook, i.event_id FROM input i JOIN event e USING (webhook, event_id)
        WHERE i.posts ORDER BY i.n
        ON CONFLICT (webhook, event_id) DO NOTHING
        RETURNING id, webhook, event_id),
      entries AS (
        INSERT INTO ledger_entry (transaction_id, account_id, currency, amount)
        SELECT t.id, x.account_id, x.currency, x.amount
        FROM unnest(?::int[], ?::bigint[], ?::text[], ?::bigint[])
          AS x (n, account_id, currency, amount)
        JOIN input i ON i.n = x.n JOIN txn t USING (webhook, event_id)),
      outbox AS (
        INSERT INTO forward_outbox (webhook, event_id, body)
        SELECT i.webhook, i.event_id, i.body FROM input i JOIN event e USING (webhook, event_id)
        WHERE i.body IS NOT NULL
          AND (NOT i.posts OR EXISTS (SELECT 1 FROM txn t
                                      WHERE t.webhook = i.webhook AND t.event_id = i.event_id)))
      SELECT i.n, e.event_id IS NOT NULL AND (NOT i.posts OR t.id IS NOT NULL)
      FROM input i LEFT JOIN event e USING (webhook, event_id) LEFT JOIN txn t USING (webhook, event_id)
      """;

  private final DataSource dataSource;
  private final int maxBatch;
  private final Semaphore committers;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

  GroupCommit(DataSource dataSource, int maxBatch, int committers) {
    if (maxBatch < 1 || committers < 1) {
      throw new IllegalArgumentException("a batch holds an event and one committer writes it");
    }
    this.dataSource = dataSource;
    this.maxBatch = maxBatch;
    this.committers = new Semaphore(committers);
  }

  /**
   * Writes {@code event} with the next batch and returns once that batch committed.
   *
   * @throws SQLException the batch, or this event when it was written alone, failed
   */
  RecordResult record(Event event) throws SQLException {
    Pending pending = new Pending(event, new CompletableFuture<>());
    queue.add(pending);
    if (committers.tryAcquire()) {
      Thread.ofVirtual().name("ledger-commit").start(this::commitQueued);
    }
    try {
      // Not interruptible: once queued, the event may be committed, and the answer must say so.
      return pending.result().join();
    } catch (CompletionException e) {
      // Each caller gets an exception of its own; the batch's is shared by all of them.
      if (e.getCause() instanceof SQLException failed) {
        throw new SQLException(
            failed.getMessage(), failed.getSQLState(), failed.getErrorCode(), failed);
      }
      throw new IllegalStateException("recording the event failed", e.getCause());
    }
  }

  private void commitQueued() {
    do {
      try {
        for (List<Pending> batch = take(); !batch.isEmpty(); batch = take()) {
          commit(batch);
        }
      } finally {
        committers.release();
      }
      // An event queued after the last take() by a caller that found every committer busy.
    } while (!queue.isEmpty() && committers.tryAcquire());
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    Pending next;
    while (batch.size() < maxBatch && (next = queue.poll()) != null) {
      batch.add(next);
    }
    return batch;
  }

  private void commit(List<Pending> batch) {
    // Copies of one event (a processor's retry, a concurrent delivery) share the first one's fate:
    // it is written once, and the others are duplicates of it once it committed.
    Map<Key, List<Pending>> copies = new TreeMap<>();
    for (Pending pending : batch) {
      Event event = pending.event();
      copies
          .computeIfAbsent(new Key(event.webhook(), event.eventId()), key -> new ArrayList<>())
          .add(pending);
    }
    List<List<Pending>> distinct = List.copyOf(copies.values());
    try {
      writeBatch(distinct);
    } catch (RuntimeException | Error e) {
      // A bug rather than the database: no caller may be left waiting. Those answered keep it.
      distinct.forEach(event -> fail(event, e));
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  private void writeBatch(List<List<Pending>> distinct) {
    try {
      List<RecordResult> results = write(distinct.stream().map(p -> p.getFirst().event()).toList());
      for (int i = 0; i < distinct.size(); i++) {
        succeed(distinct.get(i), results.get(i));
      }
    } catch (SQLException e) {
      if (distinct.size() > 1 && mayConcernSomeEvents(e)) {
        writeOneByOne(distinct);
      } else {
        distinct.forEach(event -> fail(event, e));
      }
    }
  }

  /**
   * Each event in a transaction of its own, so that one the database refuses does not fail the
   * others. A failure that is not about the event (the database is unreachable) fails the rest.
   */
  private void writeOneByOne(List<List<Pending>> distinct) {
    for (int i = 0; i < distinct.size(); i++) {
      List<Pending> event = distinct.get(i);
      try {
        succeed(event, write(List.of(event.getFirst().event())).getFirst());
      } catch (SQLException e) {
        fail(event, e);
        if (!mayConcernSomeEvents(e)) {
          distinct.subList(i + 1, distinct.size()).forEach(rest -> fail(rest, e));
          return;
        }
      }
    }
  }

  /**
   * A refusal that may concern only some events of a batch (a data or integrity error, an exception
   * raised by a ledger rule), or a conflict with another transaction (deadlock, serialization
   * failure) that smaller transactions get past. Not a database that is down.
   */
  private static boolean mayConcernSomeEvents(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("22")
            || state.startsWith("23")
            || state.startsWith("40")
            || state.startsWith("P0"));
  }

  private static void succeed(List<Pending> copies, RecordResult result) {
    copies.getFirst().result().complete(result);
    copies.subList(1, copies.size()).forEach(p -> p.result().complete(RecordResult.DUPLICATE));
  }

  private static void fail(List<Pending> copies, Throwable failure) {
    copies.forEach(p -> p.result().completeExceptionally(failure));
  }

  /** One statement in its own transaction (auto-commit): its results are committed ones. */
  private List<RecordResult> write(List<Event> events) throws SQLException {
    int count = events.size();
    String[] webhooks = new String[count];
    String[] eventIds = new String[count];
    String[] eventTypes = new String[count];
    byte[][] bodies = new byte[count][];
    Boolean[] posts = new Boolean[count];
    int entryCount = 0;
    for (Event event : events) {
      entryCount += event.entries().amounts().length;
    }
    Integer[] entryEvents = new Integer[entryCount];
    Long[] accountIds = new Long[entryCount];
    String[] currencies = new String[entryCount];
    Long[] amounts = new Long[entryCount];
    int entry = 0;
    for (int i = 0; i < count; i++) {
      Event event = events.get(i);
      webhooks[i] = event.webhook();
      eventIds[i] = event.eventId();
      eventTypes[i] = event.eventType();
      bodies[i] = event.forwardBody();
      posts[i] = !event.entries().isEmpty();
      Entries entries = event.entries();
      for (int e = 0; e < entries.amounts().length; e++, entry++) {
        entryEvents[entry] = i + 1; // WITH ORDINALITY counts from 1
        accountIds[entry] = entries.accountIds()[e];
        currencies[entry] = entries.currencies()[e];
        amounts[entry] = entries.amounts()[e];
      }
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement record = connection.prepareStatement(RECORD)) {
      record.setArray(1, connection.createArrayOf("text", webhooks));
      record.setArray(2, connection.createArrayOf("text", eventIds));
      record.setArray(3, connection.createArrayOf("text", eventTypes));
      record.setArray(4, connection.createArrayOf("bytea", bodies));
      record.setArray(5, connection.createArrayOf("boolean", posts));
      record.setArray(6, connection.createArrayOf("int4", entryEvents));
      record.setArray(7, connection.createArrayOf("bigint", accountIds));
      record.setArray(8, connection.createArrayOf("text", currencies));
      record.setArray(9, connection.createArrayOf("bigint", amounts));
      RecordResult[] results = new RecordResult[count];
      try (ResultSet rows = record.executeQuery()) {
        while (rows.next()) {
          results[rows.getInt(1) - 1] =
              rows.getBoolean(2) ? RecordResult.RECORDED : RecordResult.DUPLICATE;
        }
      }
      return List.of(results);
    }
  }
}
