package dev.kafkatorio.tiles.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Holds the place of a route that a later issue fills in ({@code /tiles/{server}/{surface}/{z}/{x}/{y}.png}):
 * answers a JSON 404 so the route is reserved and the map's tile layer degrades to blank tiles.
 */
public final class NotYetHandler extends Handler.Abstract.NonBlocking {

    private final String what;

    public NotYetHandler(String what) {
        this.what = what;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JsonResponses.error(response, callback, 404, what + " are not served yet");
        return true;
    }
}
