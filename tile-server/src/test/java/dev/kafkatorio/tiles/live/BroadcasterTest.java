package dev.kafkatorio.tiles.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BroadcasterTest {

    private final AtomicLong clock = new AtomicLong();
    private final Broadcaster broadcaster = new Broadcaster(3, Duration.ofSeconds(10), clock::get);

    /** A client whose sends complete only when the test says so. */
    static final class FakeSink implements ClientSink {
        final List<String> sent = new ArrayList<>();
        final List<SendCallback> inFlight = new ArrayList<>();
        boolean autoComplete;
        Integer closedWith;

        @Override
        public void send(String text, SendCallback callback) {
            sent.add(text);
            if (autoComplete) {
                callback.succeeded();
            } else {
                inFlight.add(callback);
            }
        }

        @Override
        public void close(int statusCode, String reason) {
            closedWith = statusCode;
        }

        void completeOne() {
            inFlight.remove(0).succeeded();
        }
    }

    private static LiveMessage msg(String key, String server, String text) {
        return new LiveMessage(key, server, text);
    }

    @Test
    void shouldSendSnapshotFirstThenLiveUpdates() {
        FakeSink sink = new FakeSink();
        sink.autoComplete = true;
        broadcaster.register(sink, s -> true, () -> List.of(msg("server:a", "a", "S"), msg("player:a/1", "a", "P")));
        broadcaster.publish(msg("player:a/1", "a", "P2"));

        assertThat(sink.sent).containsExactly("S", "P", "P2");
        assertThat(broadcaster.messagesSent()).isEqualTo(3);
    }

    @Test
    void shouldCoalesceByKeyKeepingOrderWhileASendIsInFlight() {
        FakeSink sink = new FakeSink();
        broadcaster.register(sink, s -> true, List::of);
        broadcaster.publish(msg("k1", "a", "1a")); // goes in flight
        broadcaster.publish(msg("k2", "a", "2a"));
        broadcaster.publish(msg("k3", "a", "3a"));
        broadcaster.publish(msg("k2", "a", "2b")); // replaces 2a, keeps its place before k3

        assertThat(sink.sent).containsExactly("1a");
        sink.completeOne();
        sink.completeOne();
        sink.completeOne();

        assertThat(sink.sent).containsExactly("1a", "2b", "3a");
        assertThat(broadcaster.messagesCoalesced()).isEqualTo(1);
        assertThat(sink.inFlight).isEmpty();
    }

    @Test
    void shouldKeepAtMostOneSendInFlight() {
        FakeSink sink = new FakeSink();
        broadcaster.register(sink, s -> true, List::of);
        broadcaster.publish(msg("k1", "a", "1"));
        broadcaster.publish(msg("k2", "a", "2"));

        assertThat(sink.inFlight).hasSize(1);
    }

    @Test
    void shouldOnlyDeliverMessagesOfTheSubscribedServer() {
        FakeSink sink = new FakeSink();
        sink.autoComplete = true;
        broadcaster.register(sink, "x"::equals,
                () -> List.of(msg("server:x", "x", "SX"), msg("server:y", "y", "SY")));
        broadcaster.publish(msg("player:y/1", "y", "PY"));
        broadcaster.publish(msg("player:x/1", "x", "PX"));

        assertThat(sink.sent).containsExactly("SX", "PX");
    }

    @Test
    void shouldCloseAClientWhosePendingKeysExceedTheBoundWithoutDelayingOthers() {
        FakeSink slow = new FakeSink();
        FakeSink fast = new FakeSink();
        fast.autoComplete = true;
        broadcaster.register(slow, s -> true, List::of);
        broadcaster.register(fast, s -> true, List::of);

        for (int i = 0; i < 5; i++) { // 1 in flight + 3 pending is fine, the 5th key is one too many
            broadcaster.publish(msg("k" + i, "a", "m" + i));
        }

        assertThat(slow.closedWith).isEqualTo(Broadcaster.TOO_SLOW_CODE);
        assertThat(fast.closedWith).isNull();
        assertThat(fast.sent).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(broadcaster.clientsClosedTooSlow()).isEqualTo(1);
        assertThat(broadcaster.clientCount()).isEqualTo(1);

        broadcaster.publish(msg("k9", "a", "m9"));
        assertThat(slow.sent).containsExactly("m0");
        assertThat(fast.sent).endsWith("m9");
    }

    @Test
    void shouldNotCloseAClientThatOnlyRepeatsKeys() {
        FakeSink slow = new FakeSink();
        broadcaster.register(slow, s -> true, List::of);
        for (int i = 0; i < 100; i++) {
            broadcaster.publish(msg("k" + (i % 3), "a", "m" + i));
        }

        assertThat(slow.closedWith).isNull();
        assertThat(broadcaster.messagesCoalesced()).isGreaterThan(90);
    }

    @Test
    void shouldCloseAClientWhoseSendIsInFlightLongerThanTheTimeout() {
        FakeSink slow = new FakeSink();
        broadcaster.register(slow, s -> true, List::of);
        broadcaster.publish(msg("k1", "a", "1"));

        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        broadcaster.closeSlowClients();
        assertThat(slow.closedWith).isNull();

        clock.addAndGet(1);
        broadcaster.closeSlowClients();
        assertThat(slow.closedWith).isEqualTo(Broadcaster.TOO_SLOW_CODE);
        assertThat(broadcaster.clientCount()).isZero();
    }

    @Test
    void shouldCloseOnPublishWhenTheInFlightSendIsTooOld() {
        FakeSink slow = new FakeSink();
        broadcaster.register(slow, s -> true, List::of);
        broadcaster.publish(msg("k1", "a", "1"));
        clock.addAndGet(Duration.ofSeconds(11).toNanos());

        broadcaster.publish(msg("k2", "a", "2"));

        assertThat(slow.closedWith).isEqualTo(Broadcaster.TOO_SLOW_CODE);
    }

    @Test
    void shouldDropAClientWhoseSendFails() {
        FakeSink sink = new FakeSink();
        broadcaster.register(sink, s -> true, List::of);
        broadcaster.publish(msg("k1", "a", "1"));

        sink.inFlight.remove(0).failed(new java.io.IOException("reset"));

        assertThat(broadcaster.clientCount()).isZero();
        broadcaster.publish(msg("k2", "a", "2"));
        assertThat(sink.sent).containsExactly("1");
    }

    @Test
    void shouldNotRecurseWhenSendsCompleteInline() {
        Broadcaster big = new Broadcaster(100_000, Duration.ofSeconds(10), clock::get);
        FakeSink sink = new FakeSink();
        sink.autoComplete = true;
        List<LiveMessage> snapshot = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            snapshot.add(msg("k" + i, "a", "m" + i));
        }

        big.register(sink, s -> true, () -> snapshot);

        assertThat(sink.sent).hasSize(50_000);
    }

    @Test
    void shouldStopSendingAfterUnregister() {
        FakeSink sink = new FakeSink();
        Broadcaster.Client c = broadcaster.register(sink, s -> true, List::of);
        broadcaster.publish(msg("k1", "a", "1"));
        broadcaster.publish(msg("k2", "a", "2"));
        broadcaster.unregister(c);

        sink.completeOne();

        assertThat(sink.sent).containsExactly("1");
    }

    @Test
    void shouldKeepRestrictedMessagesFromUnprivilegedClients() {
        FakeSink anonymous = new FakeSink();
        anonymous.autoComplete = true;
        FakeSink trusted = new FakeSink();
        trusted.autoComplete = true;
        LiveMessage player = new LiveMessage("player:a/1", "a", "P", true);
        broadcaster.register(anonymous, s -> true, false, () -> List.of(msg("server:a", "a", "S"), player));
        broadcaster.register(trusted, s -> true, true, () -> List.of(msg("server:a", "a", "S"), player));
        broadcaster.publishAll(List.of(new LiveMessage("change:a/s/1/0", "a", "C", true), msg("tag:a/1/7", "a", "T")));

        assertThat(anonymous.sent).containsExactly("S", "T");
        assertThat(trusted.sent).containsExactly("S", "P", "C", "T");
    }

    @Test
    void shouldNeverCoalesceChangesAndCloseAClientWhoseChangesOverflow() {
        FakeSink slow = new FakeSink();
        broadcaster.register(slow, s -> true, List::of);
        for (int seq = 1; seq <= 3; seq++) {
            broadcaster.publish(LiveMessage.change(new dev.kafkatorio.protocol.ChangeRecord(1, "a", "sess", seq, 0,
                    60, "built", 1, 0, 0, 1, 1, "belt", "transport-belt", 0, "player", "", 1, "player", 0), 1));
        }
        assertThat(broadcaster.messagesCoalesced()).isZero();
        assertThat(slow.closedWith).isNull(); // 1 in flight + 2 pending <= bound 3
        broadcaster.publish(LiveMessage.change(new dev.kafkatorio.protocol.ChangeRecord(1, "a", "sess", 4, 0, 60,
                "built", 1, 0, 0, 1, 1, "belt", "transport-belt", 0, "player", "", 1, "player", 0), 1));
        broadcaster.publish(LiveMessage.change(new dev.kafkatorio.protocol.ChangeRecord(1, "a", "sess", 5, 0, 60,
                "built", 1, 0, 0, 1, 1, "belt", "transport-belt", 0, "player", "", 1, "player", 0), 1));
        assertThat(slow.closedWith).isEqualTo(Broadcaster.TOO_SLOW_CODE);
    }
}
