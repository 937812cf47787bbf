package io.madoguchi.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;


/**
 * An OTLP/HTTP trace receiver (protobuf encoding), as a collector would be: takes the spans the services export and
 * keeps them for the test to read.
 */
final class OtlpReceiver implements AutoCloseable {

    record Link(String traceId, String spanId) {
    }

    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
            List<Link> links, List<String> attributeKeys) {
    }

    private static final String[] KINDS = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
            "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER", "SPAN_KIND_UNSPECIFIED"};

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The requests received, by method and path, and any that could not be handled. */
    List<String> paths() {
        return List.copyOf(paths);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            receive(exchange);
        } catch (RuntimeException | Error e) {
            paths.add("failed: " + e);
            throw e;
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        byte[] body;
        try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            readRequest(new ProtobufReader(body));
        } catch (RuntimeException e) {
            paths.add("unreadable: " + e);
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, 0);
    }

    /** ExportTraceServiceRequest: 1 resource_spans. */
    private void readRequest(ProtobufReader request) {
        while (request.next()) {
            if (request.field() == 1) {
                readResourceSpans(request.message());
            } else {
                request.skip();
            }
        }
    }

    /** ResourceSpans: 1 resource (1 attributes), 2 scope_spans (2 spans). */
    private void readResourceSpans(ProtobufReader resourceSpans) {
        String service = "?";
        List<ProtobufReader> spanMessages = new ArrayList<>();
        while (resourceSpans.next()) {
            if (resourceSpans.field() == 1) {
                ProtobufReader resource = resourceSpans.message();
                while (resource.next()) {
                    if (resource.field() == 1) {
                        String[] attribute = keyValue(resource.message());
                        if (attribute[0].equals("service.name")) {
                            service = attribute[1];
                        }
                    } else {
                        resource.skip();
                    }
                }
            } else if (resourceSpans.field() == 2) {
                ProtobufReader scopeSpans = resourceSpans.message();
                while (scopeSpans.next()) {
                    if (scopeSpans.field() == 2) {
                        spanMessages.add(scopeSpans.message());
                    } else {
                        scopeSpans.skip();
                    }
                }
            } else {
                resourceSpans.skip();
            }
        }
        for (ProtobufReader span : spanMessages) {
            spans.add(readSpan(service, span));
        }
    }

    /** Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 13 links (1 trace_id, 2 span_id). */
    private static ReceivedSpan readSpan(String service, ProtobufReader span) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        List<Link> links = new ArrayList<>();
        List<String> attributeKeys = new ArrayList<>();
        while (span.next()) {
            switch (span.field()) {
                case 1 -> traceId = hex(span.bytes());
                case 2 -> spanId = hex(span.bytes());
                case 4 -> parent = hex(span.bytes());
                case 5 -> name = span.string();
                case 6 -> kind = (int) span.varint();
                case 9 -> attributeKeys.add(keyValue(span.message())[0]);
                case 13 -> {
                    ProtobufReader link = span.message();
                    String linkTrace = "";
                    String linkSpan = "";
                    while (link.next()) {
                        switch (link.field()) {
                            case 1 -> linkTrace = hex(link.bytes());
                            case 2 -> linkSpan = hex(link.bytes());
                            default -> link.skip();
                        }
                    }
                    links.add(new Link(linkTrace, linkSpan));
                }
                default -> span.skip();
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, KINDS[Math.min(kind, KINDS.length - 1)], links, attributeKeys);
    }

    /** KeyValue: 1 key, 2 value (AnyValue: 1 string_value); the value is "" where it is no string. */
    private static String[] keyValue(ProtobufReader keyValue) {
        String key = "";
        String value = "";
        while (keyValue.next()) {
            if (keyValue.field() == 1) {
                key = keyValue.string();
            } else if (keyValue.field() == 2) {
                ProtobufReader any = keyValue.message();
                while (any.next()) {
                    if (any.field() == 1) {
                        value = any.string();
                    } else {
                        any.skip();
                    }
                }
            } else {
                keyValue.skip();
            }
        }
        return new String[] {key, value};
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
