package io.pipewright.export.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Valid Kubernetes names (DNS labels: lower-case letters, digits and '-', starting and ending with a
 * letter or digit) made from node ids and pipeline names, deterministically: the same id gives the same
 * name on every export, so a person can read the mapping once and keep it.
 */
public final class KubernetesNames {
    /** A name that is valid as it is. */
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private KubernetesNames() {
    }

    /** Whether {@code name} is a valid name of at most {@code max} characters. */
    public static boolean valid(String name, int max) {
        return name.length() <= max && LABEL.matcher(name).matches();
    }

    /**
     * The name for {@code id}: itself when valid and at most {@code max} long; else lower-cased, every
     * other character '-', runs of '-' as one, trimmed, and cut to {@code max} with a short hash of the
     * id when longer (or when nothing is left).
     */
    public static String of(String id, int max) {
        if (valid(id, max)) {
            return id;
        }
        String name = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.isEmpty()) {
            return "n-" + hash(id);
        }
        if (name.length() > max) {
            return cut(name, max - 7) + "-" + hash(id);
        }
        return name;
    }

    /** {@code name} made distinct from every name in {@code taken} by a short hash of {@code id} (cut to fit {@code max}). */
    public static String distinct(String name, String id, Set<String> taken, int max) {
        if (!taken.contains(name)) {
            return name;
        }
        String hashed = cut(name, max - 7) + "-" + hash(id);
        for (int salt = 1; taken.contains(hashed); salt++) {
            hashed = cut(name, max - 7) + "-" + hash(id + "#" + salt);
        }
        return hashed;
    }

    private static String cut(String name, int length) {
        String cut = name.length() > length ? name.substring(0, length) : name;
        return cut.replaceAll("-+$", "");
    }

    /** The first 6 hex digits of the id's SHA-256. */
    static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
