package io.pipewright.data.lake;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset in a layer of the home's data, as a person writes it: {@code bronze/orders}, {@code silver/orders@3}.
 * The Bronze and Silver layers of a captured table are its change log ({@link ChangeLog}) under
 * {@code data/cdc/NAME} in the home; a dataset kept by version ({@link Snapshots}) is read at its newest version,
 * or at {@code @VERSION}.
 */
public record LayerReference(String layer, String name, Integer version) {
    public static final String BRONZE = "bronze";
    public static final String SILVER = "silver";
    public static final String GOLD = "gold";

    private static final class Rules {
        static final Pattern REFERENCE = Pattern.compile("(bronze|silver|gold)/([a-z0-9][a-z0-9_]{0,39})(?:@([0-9]{1,9}))?");
        static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,39}");
    }

    /** The newest of a dataset (or a captured table's live layer). */
    public LayerReference(String layer, String name) {
        this(layer, name, null);
    }

    /** Whether an argument reads as a layer reference (the caller decides whether a file of that name wins). */
    public static boolean looksLikeOne(String argument) {
        return argument != null && (argument.startsWith(BRONZE + "/") || argument.startsWith(SILVER + "/") || argument.startsWith(GOLD + "/"))
                && Rules.REFERENCE.matcher(argument).matches();
    }

    public static LayerReference parse(String argument) {
        Matcher matcher = Rules.REFERENCE.matcher(argument == null ? "" : argument);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(argument + ": not a dataset in a layer (bronze/NAME, silver/NAME or gold/NAME, and @VERSION; "
                    + "a name of lower-case letters, digits and _, up to 40)");
        }
        return new LayerReference(matcher.group(1), matcher.group(2), matcher.group(3) == null ? null : Integer.valueOf(matcher.group(3)));
    }

    /** Checks a bare dataset name: lower-case letters, digits and _, up to 40 (it also names a replication slot). */
    public static String checkName(String name) {
        if (name == null || !Rules.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(name + ": not a dataset name (lower-case letters, digits and _, starting with a letter or digit, up to 40)");
        }
        return name;
    }

    /**
     * The name of the change log {@code into} names: {@code bronze/NAME} (the events land in Bronze; Silver takes the same
     * name), or {@code NAME}; another layer is refused, saying what to write instead. What {@code ingest cdc --into} and the
     * {@code ingest} node's {@code into} both take.
     */
    public static String changeLog(String into) {
        if (into.startsWith(SILVER + "/") || into.startsWith(GOLD + "/")) {
            String name = into.substring(into.indexOf('/') + 1);
            throw new IllegalArgumentException(into + ": change events land in the bronze layer; write bronze/" + name
                    + " (the current rows then go to silver/" + name + ")");
        }
        return checkName(into.startsWith(BRONZE + "/") ? into.substring(BRONZE.length() + 1) : into);
    }

    /** The folder of the change log named {@code name} under the home's data folder. */
    public static Path changeLogFolder(Path dataRoot, String name) {
        return dataRoot.resolve("cdc").resolve(name);
    }

    @Override
    public String toString() {
        return layer + "/" + name + (version == null ? "" : "@" + version);
    }
}
