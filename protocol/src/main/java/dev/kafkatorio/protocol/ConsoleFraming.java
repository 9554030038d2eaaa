package dev.kafkatorio.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How packets travel on the Factorio server's console: one packet per line, behind a fixed marker.
 *
 * <pre>
 * KFKTR:{"v":1,"type":"player",...}            a whole packet
 * KFKTR+42/1/3:{"v":1,"type":"chu             part 1 of 3 of the packet with seq 42
 * KFKTR+42/2/3:nk-terrain",...
 * KFKTR+42/3/3:...}
 * </pre>
 *
 * <p>The marker must start the line. The game's own log lines start with a timestamp or spaces and
 * chat lines with a date, so a player cannot forge a packet by chatting. Every line the mod prints
 * (marker and newline included) is at most {@link #MAX_LINE_BYTES} bytes.
 */
public final class ConsoleFraming {

    /** Prefix of a line that carries a whole packet. */
    public static final String WHOLE_PREFIX = "KFKTR:";

    /** Prefix of a line that carries one part of a packet split over several lines. */
    public static final String PART_PREFIX = "KFKTR+";

    /** The common marker; a line that starts with it is a packet line (well-formed or not). */
    public static final String MARKER = "KFKTR";

    /** Upper bound of one console line in bytes, newline included. */
    public static final int MAX_LINE_BYTES = 4000;

    private static final Pattern PART =
            Pattern.compile("^KFKTR\\+(\\d{1,18})/(\\d{1,6})/(\\d{1,6}):(.*)$", Pattern.DOTALL);

    private ConsoleFraming() {}

    /** True if the line (without its line terminator) is meant as a packet line. */
    public static boolean isPacketLine(String line) {
        return line.startsWith(WHOLE_PREFIX) || line.startsWith(PART_PREFIX);
    }

    /**
     * Frames one packet's JSON as console lines: a single whole line if it fits, otherwise numbered
     * parts. Splits only between characters, never inside a UTF-8 sequence.
     */
    public static List<String> frame(long seq, String json) {
        if (utf8Length(WHOLE_PREFIX + json) + 1 <= MAX_LINE_BYTES) {
            return List.of(WHOLE_PREFIX + json);
        }
        // header is at most "KFKTR+" + 18 digits + "/999999/999999:" = 35 bytes; keep room for "\n"
        int budget = MAX_LINE_BYTES - 40;
        List<String> fragments = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < json.length(); ) {
            int cp = json.codePointAt(i);
            int cpBytes = utf8Length(new String(Character.toChars(cp)));
            if (bytes + cpBytes > budget) {
                fragments.add(json.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += cpBytes;
            i += Character.charCount(cp);
        }
        fragments.add(json.substring(start));
        List<String> lines = new ArrayList<>(fragments.size());
        for (int p = 0; p < fragments.size(); p++) {
            lines.add(PART_PREFIX + seq + "/" + (p + 1) + "/" + fragments.size() + ":" + fragments.get(p));
        }
        return lines;
    }

    /**
     * Parses a part line's header.
     *
     * @return the part, or {@code null} if the line is not a well-formed part line
     */
    public static Part parsePart(String line) {
        Matcher m = PART.matcher(line);
        if (!m.matches()) {
            return null;
        }
        long id = Long.parseLong(m.group(1));
        int index = Integer.parseInt(m.group(2));
        int count = Integer.parseInt(m.group(3));
        if (index < 1 || count < 2 || index > count) {
            return null;
        }
        return new Part(id, index, count, m.group(4));
    }

    /** The payload after {@link #WHOLE_PREFIX}. */
    public static String wholePayload(String line) {
        return line.substring(WHOLE_PREFIX.length());
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** One part of a multi-line packet: {@code index} of {@code count}, 1-based. */
    public record Part(long id, int index, int count, String fragment) {}
}
