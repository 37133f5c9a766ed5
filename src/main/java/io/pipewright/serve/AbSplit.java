package io.pipewright.serve;

import io.pipewright.train.ModelArtifact;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an A/B split sends each request to variant {@code a} (the primary model) or {@code b}: by a
 * stable hash of a key, so that one user stays on one variant across requests and restarts. The key
 * is a feature's value in the request's first row, or a request header's value ({@code header:NAME},
 * e.g. {@code header:X-User-Id}); without a key, or when the request lacks it, the request id is the
 * key (random per request, since ids are unique). A request goes whole to one variant.
 *
 * <p>The hash is FNV-1a (64 bits) of the key's UTF-8 text, mixed by SplitMix64's finaliser and read
 * as a fraction in [0, 1): variant b answers when it is below {@code share}.
 */
public final class AbSplit {
    /** The response header that names the variant that answered. */
    public static final String VARIANT_HEADER = "X-Pipewright-Variant";
    public static final String A = "a";
    public static final String B = "b";
    private static final String HEADER_PREFIX = "header:";

    private final double share;
    private final String feature;
    private final String header;

    private AbSplit(double share, String feature, String header) {
        this.share = share;
        this.feature = feature;
        this.header = header;
    }

    /**
     * A split sending {@code share} of the requests to b, keyed by {@code key} (null, a feature of
     * {@code primary}, or {@code header:NAME}); throws IllegalArgumentException naming the option.
     */
    public static AbSplit of(double share, String key, Predictor primary) {
        checkShare(share);
        if (key == null || key.isBlank()) {
            return new AbSplit(share, null, null);
        }
        String trimmed = key.strip();
        if (trimmed.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
            String name = trimmed.substring(HEADER_PREFIX.length()).strip();
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("--split-key: '" + key + "' names no valid header (header:X-User-Id)");
            }
            return new AbSplit(share, null, name);
        }
        if (primary.features().stream().noneMatch(input -> input.name().equals(trimmed))) {
            throw new IllegalArgumentException("--split-key: '" + trimmed + "' is not a feature of " + primary.name() + " ("
                    + String.join(", ", primary.features().stream().map(ModelArtifact.Input::name).toList())
                    + "); a request header is header:NAME");
        }
        return new AbSplit(share, trimmed, null);
    }

    /** Refuses a share that would send no request, or every request, to b. */
    public static void checkShare(double share) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("--split must be a fraction between 0 and 1 (exclusive), not " + share);
        }
    }

    /**
     * Refuses a variant b that cannot answer the primary's requests the same way: another task, other
     * classes, or another feature set (a feature missing, extra or of another kind), naming the first difference.
     */
    public static void checkSameSchema(Predictor a, Predictor b) {
        String what = "--ab: " + b.name() + " version " + b.version() + " does not fit " + a.name() + " version " + a.version() + ": ";
        if (a.classifier() != b.classifier()) {
            throw new IllegalArgumentException(what + "it is a " + (b.classifier() ? "classifier" : "regression model") + ", the primary a "
                    + (a.classifier() ? "classifier" : "regression model"));
        }
        Map<String, String> kinds = new java.util.LinkedHashMap<>();
        b.features().forEach(input -> kinds.put(input.name(), input.type()));
        for (ModelArtifact.Input input : a.features()) {
            String kind = kinds.remove(input.name());
            if (kind == null) {
                throw new IllegalArgumentException(what + "feature " + input.name() + " is missing from it");
            }
            if (!kind.equals(input.type())) {
                throw new IllegalArgumentException(what + "feature " + input.name() + " is " + kind + " in it, " + input.type() + " in the primary");
            }
        }
        if (!kinds.isEmpty()) {
            throw new IllegalArgumentException(what + "feature " + kinds.keySet().iterator().next() + " is not in the primary");
        }
        if (!a.labels().equals(b.labels())) {
            throw new IllegalArgumentException(what + "its classes are (" + String.join(", ", b.labels()) + "), the primary's ("
                    + String.join(", ", a.labels()) + ")");
        }
    }

    public double share() {
        return share;
    }

    /** The request header that carries the key, or null when the key is a feature or the request id. */
    public String header() {
        return header;
    }

    /** The feature whose value is the key, or null. */
    public String feature() {
        return feature;
    }

    /** The variant a request goes to: {@link #B} for a {@link #share} of the keys, else {@link #A}. */
    public String route(List<Map<String, Object>> records, String headerValue, String requestId) {
        String key = null;
        if (feature != null && !records.isEmpty()) {
            key = text(records.get(0).get(feature));
        } else if (header != null && headerValue != null && !headerValue.isBlank()) {
            key = headerValue;
        }
        return fraction(key != null ? key : requestId) < share ? B : A;
    }

    /** The key's hash as a fraction in [0, 1). */
    static double fraction(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A feature value as key text: a whole number reads the same whether it came as 42 or 42.0. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            double x = number.doubleValue();
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                return Long.toString((long) x);
            }
            return Double.toString(x);
        }
        return value.toString();
    }

    /** What the split does, in words (the serve command prints it). */
    public String describe() {
        String by = feature != null ? "the hash of feature " + feature : header != null ? "the hash of header " + header + " (else the request id)"
                : "the hash of the request id (random per request)";
        return String.format(Locale.ROOT, "%.1f %% of requests by %s", share * 100, by);
    }
}
