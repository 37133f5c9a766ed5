package io.pipewright.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a request Jetty refuses before any route sees it (a path that climbs with
 * {@code ..}, a URL or headers too long, a request line it cannot parse): the same
 * {@code {"error": "..."}} as every other client error, in place of Jetty's HTML page. Jetty's own
 * reason goes to the log.
 */
final class JsonErrorPages extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        LOG.debug("refused {} {} before routing: {} {}", request.getMethod(), request.getHttpURI(), code, message, cause);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(JSON.createObjectNode().put("error", words(code)));
        } catch (JsonProcessingException e) {
            body = "{\"error\": \"the request was refused\"}".getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** What a status Jetty answers by itself means for the client. */
    static String words(int code) {
        return switch (code) {
            case 400 -> "malformed request: the path, the request line or a header cannot be read (a path may not climb with '..')";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request body is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request's headers are too large";
            case 500 -> "the server failed; its log has the details";
            case 503 -> "the server is not ready";
            case 505 -> "this HTTP version is not supported (use HTTP/1.1)";
            default -> HttpStatus.getMessage(code).toLowerCase(java.util.Locale.ROOT);
        };
    }
}
