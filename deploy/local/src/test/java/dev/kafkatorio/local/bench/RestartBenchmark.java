package dev.kafkatorio.local.bench;

import dev.kafkatorio.local.StackProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stop and restart of the stack as a child process ({@code java -jar kafkatorio-local.jar --console -})
 * holding a map of {@code -Dchunks=10000} chunks: for SIGINT, SIGTERM and SIGKILL in turn, the time to
 * stop, then the time from the new start to the map's URL, to the first tile served, and to a new tile
 * change served (the job restored and live again). Baseline in the same run: the first start on an
 * empty data dir.
 */
public final class RestartBenchmark {

    static final String SERVER = "restart-bench";

    public static void main(String[] args) throws Exception {
        int chunks = Integer.getInteger("chunks", 10_000);
        Path dir = Files.createTempDirectory("kafkatorio-restart-bench-");
        Path data = dir.resolve("data");
        HttpClient http = HttpClient.newHttpClient();
        List<int[]> square = SyntheticWorld.square(chunks);
        StringBuilder rows = new StringBuilder();

        long t0 = System.nanoTime();
        StackProcess stack = StackProcess.start(data, SERVER, dir.resolve("run0.log"));
        URI map = stack.awaitStarted(300);
        double coldStart = (System.nanoTime() - t0) / 1e9;
        stack.writePacket("prototypes", 1, "{\"tiles\":{\"grass-1\":\"#37350b\",\"water\":\"#33535f\",\"concrete\":\"#3a3a3a\"},\"resources\":{}}");
        long b0 = System.nanoTime();
        for (int[] c : square) {
            stack.writePacket("chunk", 10, SyntheticWorld.chunkData(1, c[0], c[1]));
        }
        int[] last = square.get(square.size() - 1);
        awaitServed(http, map, tile(last[0], last[1]), 1800);
        for (int[] c : square) {
            awaitServed(http, map, tile(c[0], c[1]), 600);
        }
        double backfill = (System.nanoTime() - b0) / 1e9;
        System.err.printf("map of %d chunks served after %.1f s%n", chunks, backfill);

        int round = 0;
        for (String signal : new String[] {"INT", "TERM", "KILL"}) {
            Thread.sleep(3000); // let a checkpoint complete after the last change
            double stop = stack.signal(signal, 60);
            round++;
            long s0 = System.nanoTime();
            stack = StackProcess.start(data, SERVER, dir.resolve("run" + round + ".log"));
            map = stack.awaitStarted(300);
            double url = (System.nanoTime() - s0) / 1e9;
            awaitServed(http, map, tile(0, 0), 300);
            double firstTile = (System.nanoTime() - s0) / 1e9;
            // a tile change of a chunk from before the restart, rendered by the restored job
            int gx = 3 + round;
            String before = etag(http, map.resolve(tile(0, 0)));
            stack.writePacket("tiles", 100 + round, "{\"surface\":1,\"palette\":[\"concrete\"],\"tiles\":[" + gx + ",2,0]}");
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (before.equals(etag(http, map.resolve(tile(0, 0)))) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double live = (System.nanoTime() - s0) / 1e9;
            String restored = Files.readString(stack.log).contains("(restoring /") ? "yes" : "NO";
            rows.append(String.format("| SIG%s | %.1f | %.1f | %.1f | %.1f | %s |%n", signal, stop, url, firstTile, live, restored));
            System.err.printf("SIG%s: stop %.1f s, URL %.1f s, first tile %.1f s, live %.1f s%n", signal, stop, url, firstTile, live);
        }
        stack.signal("INT", 60);

        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version") + ". Map: " + chunks + " chunks (" + square.size()
                + " z=3 tiles and their pyramid), served after a backfill of " + String.format("%.0f", backfill) + " s.");
        System.out.println();
        System.out.println("| stop by | stop s | start → map URL s | start → first tile served s | start → new tile change served s | job restored |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
        System.out.printf("| baseline: first start on an empty data dir | | %.1f | | | |%n", coldStart);
        System.out.print(rows);
    }

    static String tile(int cx, int cy) {
        return "/tiles/" + SERVER + "/1/3/" + cx + "/" + cy + ".png";
    }

    static String etag(HttpClient http, URI uri) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? r.headers().firstValue("ETag").orElse("") : "";
    }

    static void awaitServed(HttpClient http, URI map, String path, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (etag(http, map.resolve(path)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " not served within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }

}
