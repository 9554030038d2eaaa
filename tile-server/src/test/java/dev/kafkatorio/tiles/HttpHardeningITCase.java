package dev.kafkatorio.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.store.StoreBatch;
import dev.kafkatorio.tiles.store.StoredTile;
import dev.kafkatorio.tiles.store.TileStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP hardening against real Jetty on an ephemeral port: security headers on every kind of
 * response, the Host allow-list (REST, tiles, static files, the WebSocket upgrade), the request
 * header timeout (slowloris), the idle timeout and the connection limit. No broker is needed: the
 * server serves what its store holds while Kafka is unreachable, so the store is filled beforehand.
 */
class HttpHardeningITCase {

    /** Nothing listens here: the consumers retry in the background, HTTP serves the store. */
    private static final String NO_KAFKA = "127.0.0.1:9";
    private static final TileKey TILE = new TileKey("s1", 1, 0, 0, 0);
    private static final String TILE_PATH = "/tiles/s1/1/0/0/0.png";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private TileServer server;
    @TempDir
    Path dataDir;

    @BeforeEach
    void fillStore() throws Exception {
        byte[] png = TestTiles.png(0x336699);
        try (TileStore store = new TileStore(dataDir).open()) {
            store.apply(new StoreBatch().putTile(Layer.TERRAIN, TILE, new StoredTile(TestTiles.hash(png), png, 1)), 1);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(TileServerConfig.Builder config) throws Exception {
        server = TileServer.newServer(config.bootstrapServers(NO_KAFKA).port(0).dataDir(dataDir).build());
        server.start();
    }

    private int port() {
        return server.port();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- raw HTTP/1.1 (the JDK client will not send a foreign Host)

    private record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends {@code request} on a new connection and reads one response (headers; body by length). */
    private Raw raw(String request) throws IOException {
        Socket s = connect();
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return read(s.getInputStream());
    }

    private Raw raw(String method, String target, String host) throws IOException {
        return raw(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static Raw read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the response headers: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        String length = headers.get("content-length");
        byte[] body = new byte[0];
        if (status != 101 && length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        }
        return new Raw(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private double metric(String name) throws Exception {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static String upgrade(String host) {
        return "GET /ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    // ---- security headers

    private void assertSecurityHeaders(java.net.http.HttpHeaders h, String what) {
        assertThat(h.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(h.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(h.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        String csp = h.firstValue("Content-Security-Policy").orElseThrow(() -> new AssertionError(what + ": no CSP"));
        assertThat(csp).as(what).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' data:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
                "connect-src 'self' ws://127.0.0.1:" + port() + " wss://127.0.0.1:" + port());
        assertThat(csp).as(what).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(h.firstValue("Server")).as(what).isEmpty();
    }

    @Test
    void shouldPutSecurityHeadersAndCharsetsOnEveryKindOfResponse() throws Exception {
        start(TileServerConfig.builder());
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("/", 200);
        expected.put("/index.html", 200);
        expected.put("/vendor/leaflet/leaflet.js", 200);
        expected.put("/vendor/leaflet/leaflet.css", 200);
        expected.put(TILE_PATH, 200);
        expected.put("/tiles/s1/1/0/9/9.png", 404);
        expected.put("/tiles/s1/1/0/x/9.png", 400);
        expected.put("/api/servers", 200);
        expected.put("/api/servers/s1/surfaces", 200);
        expected.put("/api/servers/nope/surfaces", 404);
        expected.put("/api/nothing", 404);
        expected.put("/no-such-file.html", 404);
        expected.put("/vendor/leaflet/nope.js", 404);
        expected.put("/metrics", 200);
        expected.put("/ws", 400);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            assertSecurityHeaders(r.headers(), e.getKey());
            String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.startsWith("text/") || type.startsWith("application/json")) {
                assertThat(type.replace(" ", "")).as(e.getKey() + " " + type).contains(";charset=utf-8");
            }
        }
        assertThat(get("/").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(get("/vendor/leaflet/leaflet.js").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
        assertThat(get("/vendor/leaflet/leaflet.css").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/css");
        assertThat(get("/api/servers").headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/json; charset=utf-8");
        assertThat(get(TILE_PATH).headers().firstValue("Content-Type")).hasValue("image/png");

        // 304 (revalidated static file and tile) keeps the headers
        for (String path : List.of("/", TILE_PATH)) {
            String etag = get(path).headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .header("If-None-Match", etag).GET());
            assertThat(r.statusCode()).as(path).isEqualTo(304);
            assertSecurityHeaders(r.headers(), "304 " + path);
        }

        // 405s: the API's own and Jetty's (static files, through the error handler)
        for (String path : List.of("/api/servers", "/index.html", TILE_PATH, "/metrics")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(r.statusCode()).as("POST " + path).isEqualTo(405);
            assertSecurityHeaders(r.headers(), "POST " + path);
        }
        // An error Jetty writes before routing (refused URI) still has the static headers.
        Raw bad = raw("GET", "/%2e%2e/%2e%2e/etc/passwd", "127.0.0.1:" + port());
        assertThat(bad.status()).isBetween(400, 404);
        assertThat(bad.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(bad.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    // ---- Host allow-list

    @Test
    void shouldServeLoopbackNamesAtItsPortAndRefuseOtherHosts() throws Exception {
        start(TileServerConfig.builder());
        for (String host : List.of("localhost:" + port(), "127.0.0.1:" + port(), "[::1]:" + port(),
                "LocalHost:" + port())) {
            for (String path : List.of("/api/servers", TILE_PATH, "/index.html", "/metrics")) {
                assertThat(raw("GET", path, host).status()).as(host + path).isEqualTo(200);
            }
        }
        for (String host : List.of("evil.example:" + port(), "evil.example", "localhost", "localhost:1",
                "127.0.0.2:" + port(), "localhost.:" + port(), "127.0.0.1.nip.io:" + port())) {
            for (String path : List.of("/api/servers", TILE_PATH, "/index.html", "/metrics", "/nope")) {
                Raw r = raw("GET", path, host);
                assertThat(r.status()).as(host + path).isEqualTo(421);
                assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
                assertThat(r.body()).contains("\"status\":421", "misdirected request", "--allowed-hosts");
                assertThat(r.body()).doesNotContain("evil");
                assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(r.header("Content-Security-Policy")).doesNotContain("evil", "ws://");
            }
        }
        // absolute-form request target naming another host
        Raw absolute = raw("GET", "http://evil.example:" + port() + "/api/servers", "127.0.0.1:" + port());
        assertThat(absolute.status()).isBetween(400, 499);
        assertThat(metric("kafkatorio_tiles_http_host_rejections_total")).isGreaterThanOrEqualTo(35);
    }

    @Test
    void shouldCheckHostOnTheWebSocketUpgrade() throws Exception {
        start(TileServerConfig.builder());
        Raw refused = raw(upgrade("rebound.evil.example:" + port()));
        assertThat(refused.status()).isEqualTo(421);
        assertThat(refused.header("Upgrade")).isNull();
        assertThat(refused.body()).contains("misdirected request");

        Raw accepted = raw(upgrade("localhost:" + port()));
        assertThat(accepted.status()).isEqualTo(101);
        assertThat(accepted.header("Upgrade")).isEqualToIgnoringCase("websocket");
    }

    @Test
    void shouldAllowConfiguredHosts() throws Exception {
        start(TileServerConfig.builder().allowedHosts(List.of("Map.Example", "tiles.example:8443")));
        assertThat(raw("GET", "/api/servers", "map.example").status()).isEqualTo(200);
        assertThat(raw("GET", "/api/servers", "map.example:443").status()).isEqualTo(200);
        assertThat(raw("GET", "/api/servers", "tiles.example:8443").status()).isEqualTo(200);
        assertThat(raw("GET", "/api/servers", "tiles.example").status()).isEqualTo(421);
        assertThat(raw("GET", "/api/servers", "localhost:" + port()).status()).isEqualTo(200);
        assertThat(raw(upgrade("map.example")).status()).isEqualTo(101);
        // the CSP lets the page's socket go to its own (proxied) authority only
        assertThat(raw("GET", "/", "map.example").header("Content-Security-Policy"))
                .contains("connect-src 'self' ws://map.example wss://map.example");
    }

    @Test
    void shouldAllowAnyHostWhenConfiguredWithStar() throws Exception {
        start(TileServerConfig.builder().allowedHost("*"));
        assertThat(raw("GET", "/api/servers", "whatever.example:1").status()).isEqualTo(200);
        assertThat(raw(upgrade("whatever.example")).status()).isEqualTo(101);
    }

    // ---- timeouts

    /** Drips {@code bytes} one at a time until the server closes; returns the time until then. */
    private Duration dripUntilClosed(Socket s, String bytes, long everyMs) throws Exception {
        long t0 = System.nanoTime();
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        AtomicInteger sent = new AtomicInteger();
        Thread dripper = new Thread(() -> {
            try {
                while (true) {
                    out.write(bytes.charAt(sent.get() % bytes.length()));
                    out.flush();
                    sent.incrementAndGet();
                    Thread.sleep(everyMs);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server (or the test ended)
            }
        }, "slowloris");
        dripper.setDaemon(true);
        dripper.start();
        s.setSoTimeout(30_000);
        try {
            int b = in.read();
            assertThat(b).as("the server answered a request whose headers never ended").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still connected after 30 s of slow headers (" + sent.get() + " bytes)");
        } catch (IOException e) {
            // connection reset: disconnected too
        } finally {
            dripper.interrupt();
        }
        assertThat(sent.get()).as("bytes kept coming, so the idle timeout never applied").isGreaterThan(3);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Test
    void shouldDisconnectAClientThatSendsItsHeadersSlowly() throws Exception {
        start(TileServerConfig.builder().requestHeaderTimeout(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(60)));
        Socket s = connect();
        s.getOutputStream().write(("GET /api/servers HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Duration took = dripUntilClosed(s, "X-Slow: aaaaaaaaaaaaaaaa\r\n", 100);
        // bounded well below the 60 s idle timeout (generous: a busy machine may be slow)
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(metric("kafkatorio_tiles_http_header_timeouts_total")).isGreaterThanOrEqualTo(1));
    }

    @Test
    void shouldDisconnectASlowSecondRequestOnAKeptAliveConnection() throws Exception {
        start(TileServerConfig.builder().requestHeaderTimeout(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(60)));
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/servers HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(read(s.getInputStream()).status()).isEqualTo(200);
        // a fast request on the same connection still works
        out.write(("GET /api/servers HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(read(s.getInputStream()).status()).isEqualTo(200);
        out.write(("GET /api/servers HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(dripUntilClosed(s, "X-Slow: b\r\n", 100)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldCloseIdleConnections() throws Exception {
        start(TileServerConfig.builder().idleTimeout(Duration.ofSeconds(1))
                .requestHeaderTimeout(Duration.ofSeconds(60)));
        Socket s = connect();
        s.setSoTimeout(30_000);
        long t0 = System.nanoTime();
        try {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("an idle connection was still open after 30 s");
        } catch (IOException e) {
            // reset: closed too
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldKeepWebSocketsOpenPastTheHeaderTimeout() throws Exception {
        start(TileServerConfig.builder().requestHeaderTimeout(Duration.ofMillis(500))
                .idleTimeout(Duration.ofMillis(1500)));
        WebSocketClient ws = new WebSocketClient();
        ws.start();
        try {
            Session session = ws.connect(new Quiet(),
                    URI.create("ws://127.0.0.1:" + port() + "/ws")).get(10, TimeUnit.SECONDS);
            Thread.sleep(3_000); // several header timeouts and two connector idle timeouts
            assertThat(session.isOpen()).isTrue();
            session.sendText("still here", Callback.NOOP); // ignored by the server, but writable
            Thread.sleep(200);
            assertThat(session.isOpen()).isTrue();
            session.close();
        } finally {
            ws.stop();
        }
    }

    /** A WebSocket endpoint that ignores everything. */
    public static final class Quiet implements Session.Listener.AutoDemanding {}

    // ---- connection limit

    @Test
    void shouldStopAcceptingAtTheConnectionLimit() throws Exception {
        start(TileServerConfig.builder().maxConnections(2).requestHeaderTimeout(Duration.ofSeconds(60)));
        String request = "GET /api/servers HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n\r\n";
        Socket first = connect();
        Socket second = connect();
        for (Socket s : List.of(first, second)) { // accepted and kept alive
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(read(s.getInputStream()).status()).isEqualTo(200);
        }
        Socket third = connect(); // completes in the OS accept queue, not accepted by Jetty
        third.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        third.setSoTimeout(1_500);
        assertThatThrownBy(() -> third.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

        first.close(); // frees a slot: the waiting connection is accepted and answered
        third.setSoTimeout(15_000);
        assertThat(read(third.getInputStream()).status()).isEqualTo(200);
        // still at most 2: a fourth waits too
        Socket fourth = connect();
        fourth.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        fourth.setSoTimeout(1_000);
        assertThatThrownBy(() -> fourth.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        second.close();
        fourth.setSoTimeout(15_000);
        assertThat(read(fourth.getInputStream()).status()).isEqualTo(200);
    }
}
