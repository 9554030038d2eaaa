package dev.kafkatorio.tiles.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty writes itself (404 for unknown static paths, 405 of static routes, 400 for a
 * refused URI, 500): a JSON body like the API's ({@code {"status":n,"error":"not found"}}, UTF-8,
 * {@code no-store}) with the {@link SecurityHeaders}, never a stack, a cause or an echo of the request.
 * Also covers errors written before routing, where {@link HttpHardeningHandler} never ran.
 */
public final class HardenedErrorHandler extends ErrorHandler {

    public HardenedErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        // Only an allowed authority may go into the CSP; an error before routing may carry any Host.
        if (Boolean.TRUE.equals(request.getAttribute(HttpHardeningHandler.HOST_ALLOWED)) && uri != null) {
            SecurityHeaders.apply(response.getHeaders(), uri.getHost(), uri.getPort());
        } else {
            SecurityHeaders.applyStatic(response.getHeaders());
        }
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400 || status > 599) {
            // Not an error: e.g. the resource service's 304 Not Modified goes this way; Jetty writes
            // it without a body.
            return super.handle(request, response, callback);
        }
        String reason = HttpStatus.getMessage(status);
        JsonResponses.error(response, callback, status, reason == null ? "error" : reason.toLowerCase(Locale.ROOT));
        return true;
    }
}
