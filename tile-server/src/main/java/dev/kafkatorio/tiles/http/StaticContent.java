package dev.kafkatorio.tiles.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static files from the classpath: the web map ({@code kafkatorio/web-map/}) and Leaflet from its
 * webjar. ETag and {@code Cache-Control: no-cache} (revalidate every time: files change with a
 * deploy, not with a version in the URL), no directory listing, 404 for missing files; path
 * traversal is refused by Jetty's URI checks and the resource base.
 */
public final class StaticContent {

    /** Classpath folder of the web map's files. */
    public static final String WEB_MAP_ROOT = "kafkatorio/web-map/";

    private static final String LEAFLET_FALLBACK_VERSION = "1.9.4";
    private static final Logger LOG = LoggerFactory.getLogger(StaticContent.class);

    private StaticContent() {}

    /** The web map at {@code /}: {@code /} serves {@code index.html}. */
    public static Handler webMap(Server server) {
        return resourceHandler(server, WEB_MAP_ROOT, "index.html", "web map", true);
    }

    /**
     * Leaflet's {@code dist} folder, for a prefix route such as {@code /vendor/leaflet/*} (the router
     * makes the path in context relative to the prefix).
     */
    public static Handler leaflet(Server server) {
        String version = leafletVersion();
        String root = "META-INF/resources/webjars/leaflet/" + version + "/dist/";
        return resourceHandler(server, root, "leaflet.js", "Leaflet " + version, false);
    }

    /**
     * Every classpath folder {@code classpathDir}, combined (first wins). Jars without directory
     * entries (webjars) are found through {@code probeFile}, a file known to be in the folder.
     */
    private static Handler resourceHandler(Server server, String classpathDir, String probeFile,
            String what, boolean indexAtRoot) {
        List<Resource> roots = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ResourceFactory factory = ResourceFactory.of(server);
        ClassLoader loader = StaticContent.class.getClassLoader();
        try {
            List<URI> candidates = new ArrayList<>();
            for (URL url : Collections.list(loader.getResources(classpathDir))) {
                candidates.add(url.toURI());
            }
            for (URL url : Collections.list(loader.getResources(classpathDir + probeFile))) {
                String s = url.toString();
                candidates.add(URI.create(s.substring(0, s.length() - probeFile.length())));
            }
            for (URI uri : candidates) {
                if (seen.add(uri.toString())) {
                    Resource r = factory.newResource(uri);
                    if (r != null && r.exists() && r.isDirectory()) {
                        roots.add(r);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list classpath folder " + classpathDir, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("odd classpath URL for " + classpathDir, e);
        }
        if (roots.isEmpty()) {
            LOG.warn("no {} files on the classpath at {}: those requests will get 404", what, classpathDir);
            return new Handler.Abstract.NonBlocking() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    return false;
                }
            };
        }
        ResourceHandler handler = new ResourceHandler();
        handler.setBaseResource(ResourceFactory.combine(roots));
        handler.setDirAllowed(false);
        handler.setEtags(true);
        handler.setCacheControl("no-cache");
        handler.setWelcomeFiles(List.of("index.html"));
        handler.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        handler.setAcceptRanges(false);
        return new NoDirectories(handler, indexAtRoot);
    }

    /** 404 (not Jetty's 403) for a directory: its existence is nobody's business. */
    private static final class NoDirectories extends Handler.Wrapper {
        private final boolean indexAtRoot;

        NoDirectories(Handler handler, boolean indexAtRoot) {
            super(handler);
            this.indexAtRoot = indexAtRoot;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (path == null || (path.endsWith("/") && !(indexAtRoot && path.equals("/")))) {
                return false;
            }
            return super.handle(request, response, callback);
        }
    }

    private static String leafletVersion() {
        String pom = "META-INF/maven/org.webjars.npm/leaflet/pom.properties";
        try (InputStream in = StaticContent.class.getClassLoader().getResourceAsStream(pom)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", LEAFLET_FALLBACK_VERSION);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}, assuming Leaflet {}", pom, LEAFLET_FALLBACK_VERSION, e);
        }
        return LEAFLET_FALLBACK_VERSION;
    }
}
