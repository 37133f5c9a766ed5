package io.pipewright.data.lake;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset in a layer of the home's data, as a person writes it: {@code bronze/orders}, {@code silver/orders}.
 * The Bronze and Silver layers of a captured table are its change log ({@link ChangeLog}) under
 * {@code data/cdc/NAME} in the home.
 */
public record LayerReference(String layer, String name) {
    public static final String BRONZE = "bronze";
    public static final String SILVER = "silver";
    public static final String GOLD = "gold";

    private static final class Rules {
        static final Pattern REFERENCE = Pattern.compile("(bronze|silver|gold)/([a-z0-9][a-z0-9_]{0,39})");
        static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,39}");
    }

    /** Whether an argument reads as a layer reference (the caller decides whether a file of that name wins). */
    public static boolean looksLikeOne(String argument) {
        return argument != null && (argument.startsWith(BRONZE + "/") || argument.startsWith(SILVER + "/") || argument.startsWith(GOLD + "/"))
                && Rules.REFERENCE.matcher(argument).matches();
    }

    public static LayerReference parse(String argument) {
        Matcher matcher = Rules.REFERENCE.matcher(argument == null ? "" : argument);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(argument + ": not a dataset in a layer (bronze/NAME, silver/NAME or gold/NAME; "
                    + "a name of lower-case letters, digits and _, up to 40)");
        }
        return new LayerReference(matcher.group(1), matcher.group(2));
    }

    /** Checks a bare dataset name: lower-case letters, digits and _, up to 40 (it also names a replication slot). */
    public static String checkName(String name) {
        if (name == null || !Rules.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(name + ": not a dataset name (lower-case letters, digits and _, starting with a letter or digit, up to 40)");
        }
        return name;
    }

    /** The folder of the change log named {@code name} under the home's data folder. */
    public static Path changeLogFolder(Path dataRoot, String name) {
        return dataRoot.resolve("cdc").resolve(name);
    }

    @Override
    public String toString() {
        return layer + "/" + name;
    }
}
