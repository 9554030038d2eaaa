package dev.kafkatorio.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * End to end: the local stack (real KRaft broker, Flink MiniCluster with RocksDB, Jetty), the real
 * kafka-pipe CLI as a child process reading console lines on its stdin, and a real headless
 * Chromium showing the map.
 */
class MapE2ETest {

    private static final String SERVER = "e2e";
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    private static final int ZOOM = 1;

    @TempDir
    static Path dir;

    static LocalStack stack;
    static Process pipe;
    static OutputStream console;
    static ChromeDriver browser;
    static long seq;

    @BeforeAll
    static void startEverything() throws Exception {
        stack = LocalStack.start(LocalStackConfig.forTests(dir.resolve("stack")));

        String pipeJar = System.getProperty("kafkatorio.pipe.jar", "../../kafka-pipe/target/kafka-pipe.jar");
        assertThat(new File(pipeJar)).as("kafka-pipe jar (build kafka-pipe first)").exists();
        pipe = new ProcessBuilder(javaBinary(), "-jar", pipeJar,
                "--bootstrap-servers", stack.bootstrapServers(), "--server-id", SERVER)
                .redirectOutput(dir.resolve("pipe.out").toFile())
                .redirectError(dir.resolve("pipe.err").toFile())
                .start();
        console = pipe.getOutputStream();
        writeLine("   0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless, space-age)");
        writePacket("session-start", 0, "{\"mod\":\"0.1.0\",\"game\":\"2.0.77\",\"reason\":\"load\"}");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("kafkatorio.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--window-size=1200,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("kafkatorio.chromedriver", "/usr/bin/chromedriver")))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (pipe != null) {
            console.close();
            if (!pipe.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                pipe.destroyForcibly();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void consoleLineMovesMarkerToTheGameCoordinateAndNamesRenderAsText() throws Exception {
        writePlayer(1, "alice", "joined", 10.5, -4.25, "#ff8000");
        writePlayer(2, XSS_NAME, "joined", -20, 7, "#00a0ff");
        browser.get("about:blank");
        browser.get(stack.mapUri() + "#server=" + SERVER + "&surface=1&x=0&y=0&z=" + ZOOM);

        awaitMarkerAt(1, 10.5, -4.25);

        // a console line moves the marker
        writePlayer(1, "alice", "moved", 42.25, 17.5, "#ff8000");
        awaitMarkerAt(1, 42.25, 17.5);

        // a name that looks like HTML is shown as text, never parsed
        WebElement xss = await().atMost(Duration.ofSeconds(30)).until(() -> marker(2), e -> e != null);
        assertThat(xss.findElement(By.cssSelector(".kfk-player-name")).getText()).isEqualTo(XSS_NAME);
        assertThat(browser.findElements(By.cssSelector(".leaflet-pane img[src='x'], img[src='x']"))).isEmpty();
        assertThat(alertShown()).isFalse();
        assertThat(pixelOffset(2)).satisfies(p -> assertWithin1px(p, -20, 7));

        // the freshness indicator sees the live feed
        assertThat(browser.findElement(By.id("freshness")).getAttribute("data-state")).isEqualTo("live");

        // ordinary console lines passed through kafka-pipe untouched
        assertThat(Files.readString(dir.resolve("pipe.out"))).startsWith("   0.000 2026-11-27 09:00:00; Factorio 2.0.77");
    }

    @Test
    void tileChangePacketVisiblyChangesTheTileOnTheOpenPage() throws Exception {
        writePacket("prototypes", 10, "{\"tiles\":{\"grass-1\":\"#37350b\",\"water\":\"#33535f\"},\"resources\":{}}");
        writePacket("chunk", 11, "{\"surface\":1,\"cx\":0,\"cy\":0,\"force\":\"player\",\"hash\":\"e2e-1\","
                + "\"palette\":[\"grass-1\"],\"runs\":[0,1024]}");
        browser.get("about:blank");
        browser.get(stack.mapUri() + "#server=" + SERVER + "&surface=1&x=16&y=16&z=3");

        awaitTilePixel(5, 5, "#37350b");

        // players build with water (a landfill undone, say): the open page shows it without a reload
        writePacket("tiles", 12, "{\"surface\":1,\"palette\":[\"water\"],\"tiles\":[5,5,0,6,5,0]}");
        awaitTilePixel(5, 5, "#33535f");
        awaitTilePixel(7, 5, "#37350b");
    }

    @Test
    void miningAnEntityRemovesItFromTheOpenMap() throws Exception {
        writePacket("prototypes", 20, "{\"tiles\":{\"grass-1\":\"#37350b\"},\"resources\":{},\"entities\":"
                + "{\"assembling-machine-2\":{\"type\":\"assembling-machine\",\"w\":3,\"h\":3,\"friendly\":\"#00b2ff\"}}}");
        writePacket("chunk", 21, "{\"surface\":1,\"cx\":1,\"cy\":0,\"force\":\"player\",\"hash\":\"e2e-2\","
                + "\"palette\":[\"grass-1\"],\"runs\":[0,1024]}");
        // an assembler centred on game tile (42, 10): footprint 41..43 x 9..11, inside chunk (1, 0)
        writePacket("entities", 22, "{\"surface\":1,\"changes\":[{\"event\":\"built\",\"unit\":501,"
                + "\"name\":\"assembling-machine-2\",\"type\":\"assembling-machine\",\"x\":42.5,\"y\":10.5,\"dir\":0,"
                + "\"force\":\"player\",\"player\":1,\"cause\":\"player\"}]}");
        browser.get("about:blank");
        browser.get(stack.mapUri() + "#server=" + SERVER + "&surface=1&x=48&y=16&z=3");

        // the assembler's centre tile is drawn on the entities layer
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(pixelAt("entities", 1, 0, 10, 10)).as("entity pixel").endsWith("ff"));

        writePacket("entities", 23, "{\"surface\":1,\"changes\":[{\"event\":\"mined\",\"unit\":501,"
                + "\"name\":\"assembling-machine-2\",\"type\":\"assembling-machine\",\"x\":42.5,\"y\":10.5,\"dir\":0,"
                + "\"force\":\"player\",\"player\":1,\"cause\":\"player\"}]}");

        // gone from the open page: that spot of the entities layer is transparent (or the tile removed)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(pixelAt("entities", 1, 0, 10, 10)).as("entity pixel after mining")
                        .satisfiesAnyOf(p -> assertThat(p).isNull(), p -> assertThat(p).endsWith("00")));
    }

    /** Waits until the z=3 terrain tile of chunk (0,0) on the page shows {@code hex} at game tile (tx,ty). */
    private static void awaitTilePixel(int tx, int ty, String hex) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String pixel = pixelAt("terrain", 0, 0, tx, ty);
            assertThat(pixel).as("pixel of game tile (%d,%d) on the page", tx, ty).isNotNull();
            assertThat(pixel.substring(0, 7)).as("pixel of game tile (%d,%d) on the page", tx, ty).isEqualTo(hex);
        });
    }

    /**
     * The {@code #rrggbbaa} pixel at the centre of game tile (tx, ty) — relative to the chunk — of the
     * z=3 tile of chunk (cx, cy) in the given layer as the page shows it, or null if that tile is not
     * loaded (or shows nothing).
     */
    private static String pixelAt(String layer, int cx, int cy, int tx, int ty) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const img = document.querySelector(\".kfk-tile[data-layer='\" + arguments[0] + \"'][data-z='3'][data-x='\""
                        + " + arguments[1] + \"'][data-y='\" + arguments[2] + \"']\");"
                        + "if (!img || !img.complete || img.naturalWidth === 0) return null;"
                        + "const c = document.createElement('canvas'); c.width = 256; c.height = 256;"
                        + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                        + "const d = g.getImageData(arguments[3] * 8 + 4, arguments[4] * 8 + 4, 1, 1).data;"
                        + "return '#' + [d[0], d[1], d[2], d[3]].map(v => v.toString(16).padStart(2, '0')).join('');",
                layer, cx, cy, tx, ty);
    }

    private static void awaitMarkerAt(int index, double x, double y) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(marker(index)).as("marker of player " + index).isNotNull();
            assertWithin1px(pixelOffset(index), x, y);
        });
    }

    private static void assertWithin1px(double[] offset, double x, double y) {
        double scale = Math.pow(2, ZOOM);
        assertThat(offset[0]).as("marker x offset from the map centre, px").isCloseTo(x * scale, org.assertj.core.data.Offset.offset(1.0));
        assertThat(offset[1]).as("marker y offset from the map centre, px").isCloseTo(y * scale, org.assertj.core.data.Offset.offset(1.0));
    }

    /** The marker element's centre relative to the map container's centre, in CSS pixels. */
    @SuppressWarnings("unchecked")
    private static double[] pixelOffset(int index) {
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "const m = document.querySelector(arguments[0]);"
                        + "const c = document.querySelector('.leaflet-container');"
                        + "const a = m.getBoundingClientRect(), b = c.getBoundingClientRect();"
                        + "return {x: a.left + a.width / 2 - (b.left + b.width / 2), y: a.top + a.height / 2 - (b.top + b.height / 2)};",
                selector(index));
        return new double[] {((Number) r.get("x")).doubleValue(), ((Number) r.get("y")).doubleValue()};
    }

    private static WebElement marker(int index) {
        List<WebElement> found = browser.findElements(By.cssSelector(selector(index)));
        return found.isEmpty() ? null : found.get(0);
    }

    private static String selector(int index) {
        return ".kfk-player[data-player='" + SERVER + "/" + index + "']";
    }

    private static boolean alertShown() {
        try {
            browser.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    private static void writePlayer(int index, String name, String event, double x, double y, String color) throws Exception {
        String data = "{\"index\":" + index + ",\"name\":" + jsonString(name) + ",\"event\":\"" + event
                + "\",\"surface\":1,\"x\":" + x + ",\"y\":" + y + ",\"color\":\"" + color + "\",\"connected\":true}";
        writePacket("player", 60 * seq, data);
    }

    private static void writePacket(String type, long tick, String data) throws Exception {
        seq++;
        writeLine("KFKTR:{\"v\":1,\"type\":\"" + type + "\",\"tick\":" + tick + ",\"seq\":" + seq + ",\"data\":" + data + "}");
    }

    private static void writeLine(String line) throws Exception {
        console.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        console.flush();
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
