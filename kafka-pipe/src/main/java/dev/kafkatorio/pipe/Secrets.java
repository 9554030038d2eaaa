package dev.kafkatorio.pipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/** Removes secrets (values of the client settings that hold them) from text that is about to be printed. */
final class Secrets {

    private static final Pattern JAAS_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)(\"[^\"]*\"|\\S+)");
    private static final String HIDDEN = "[hidden]";

    private Secrets() {}

    /** Whether a client setting holds a secret (passwords, JAAS configs, keys, tokens). */
    static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("jaas") || n.contains("secret") || n.contains("token")
                || n.endsWith(".key") || n.contains("keystore.key") || n.contains("credentials");
    }

    /** {@code text} with every secret value of {@code settings} and every {@code password=...} replaced. */
    static String scrub(String text, Properties settings) {
        if (text == null) {
            return null;
        }
        String out = text;
        List<String> values = new ArrayList<>();
        if (settings != null) {
            for (String name : settings.stringPropertyNames()) {
                String v = settings.getProperty(name);
                if (isSecret(name) && v != null && v.length() >= 3) {
                    values.add(v);
                    // and each word of a JAAS config, e.g. a bare password token
                    for (String word : v.split("[\\s\";=]+")) {
                        if (word.length() >= 6) {
                            values.add(word);
                        }
                    }
                }
            }
        }
        values.sort((a, b) -> b.length() - a.length());
        for (String v : values) {
            out = out.replace(v, HIDDEN);
        }
        return JAAS_PASSWORD.matcher(out).replaceAll("$1" + HIDDEN);
    }
}
