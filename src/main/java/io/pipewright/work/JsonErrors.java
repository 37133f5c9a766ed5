package io.pipewright.work;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's errors as one line for a person: "line 3, column 5: Unexpected character ...". Jackson's
 * own vocabulary stays out: its limits are said as limits ("nested more than 1000 levels deep", not
 * {@code StreamReadConstraints.getMaxNestingDepth()}), its hints about its settings
 * ({@code enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}) are dropped, and Java type and token
 * names become words ("a whole number", "a list").
 */
public final class JsonErrors {
    /** "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern LIMIT = Pattern.compile("([A-Za-z ]+?) \\((\\d+)\\) exceeds the maximum (?:allowed )?\\((\\d+), from `\\w+\\.(\\w+)\\(\\)`\\)");
    /** "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow". */
    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)'.*");
    /** A hint to turn on one of Jackson's features: ": enable `X` to allow", " (or enable `X`)", "(to allow, enable `X`)". */
    private static final Pattern HINT = Pattern.compile("[:;,]?\\s*\\(?(?:or |to allow, )?(?:enable|disable) `[^`]*`(?: to allow)?(?: to [a-z ]+)?\\)?");
    private static final Pattern TOKEN_NOTE = Pattern.compile("\\s*\\(token `JsonToken\\.\\w+`\\)");
    private static final Pattern TOKEN = Pattern.compile("`JsonToken\\.(\\w+)`");
    private static final Pattern FROM = Pattern.compile("from (Integer|Floating-point|String|Object|Array|Boolean|Null|Embedded Object) value");
    /** "Cannot deserialize value of type `int` from String "many": not a valid `int` value". */
    private static final Pattern TEXT_FOR_TYPE = Pattern.compile("Cannot deserialize (?:value of type )?`([^`]+)` from String \"(.*)\": not a valid .*");
    private static final Pattern TYPE = Pattern.compile("`([\\w.$\\[;<>, ]+)`");
    private static final Map<String, String> TOKENS = Map.of("START_OBJECT", "an object", "END_OBJECT", "the end of an object", "START_ARRAY", "a list",
            "END_ARRAY", "the end of a list", "VALUE_STRING", "text", "VALUE_NUMBER_INT", "a whole number", "VALUE_NUMBER_FLOAT", "a number",
            "VALUE_TRUE", "true", "VALUE_FALSE", "false", "VALUE_NULL", "null");

    private JsonErrors() {
    }

    /** "line L, column C: message", or just the message when Jackson knows no location. */
    public static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String message = plain(e);
        return location == null || location.getLineNr() < 1 ? message : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
    }

    /** The message in words, without its location. */
    public static String plain(JsonProcessingException e) {
        return plain(e.getOriginalMessage());
    }

    static String plain(String original) {
        if (original == null || original.isBlank()) {
            return "not valid JSON";
        }
        String message = original.replaceAll("\\[Source: .*?; line", "[line").replaceAll("\\s+", " ").strip();
        Matcher limit = LIMIT.matcher(message);
        if (limit.find()) {
            return limit(limit.group(1), Long.parseLong(limit.group(2)), Long.parseLong(limit.group(3)), limit.group(4));
        }
        Matcher nonNumeric = NON_NUMERIC.matcher(message);
        if (nonNumeric.matches()) {
            return "'" + nonNumeric.group(1) + "' is not a JSON number (null is JSON's missing value)";
        }
        message = HINT.matcher(message).replaceAll("").replaceAll("\\s*\\(class [\\w.$]+\\)", "").replace(", not marked as ignorable", "");
        Matcher text = TEXT_FOR_TYPE.matcher(message);
        if (text.find()) {
            return "expected " + type(text.group(1)) + ", not \"" + text.group(2) + "\"";
        }
        message = TOKEN_NOTE.matcher(message).replaceAll("");
        message = TOKEN.matcher(message).replaceAll(match -> TOKENS.getOrDefault(match.group(1), "a value"));
        message = FROM.matcher(message).replaceAll(match -> "from " + switch (match.group(1)) {
            case "Integer" -> "a whole number";
            case "Floating-point" -> "a number";
            case "String" -> "text";
            case "Object" -> "an object";
            case "Array" -> "a list";
            case "Boolean" -> "true or false";
            case "Null" -> "null";
            default -> "a value";
        });
        message = TYPE.matcher(message).replaceAll(match -> Matcher.quoteReplacement(type(match.group(1))));
        message = message.replaceAll("Cannot deserialize (?:value of type )?(.+?) from (.+)", "expected $1, not $2");
        return message.replaceAll("\\s+", " ").strip();
    }

    private static String limit(String what, long actual, long maximum, String method) {
        return switch (method) {
            case "getMaxNestingDepth" -> "nested more than " + maximum + " levels deep";
            case "getMaxNumberLength" -> "a number of " + actual + " characters, more than the " + maximum + " allowed";
            case "getMaxStringLength" -> "a text of " + actual + " characters, more than the " + maximum + " allowed";
            case "getMaxNameLength" -> "a field name of " + actual + " characters, more than the " + maximum + " allowed";
            case "getMaxDocumentLength" -> "longer than the " + maximum + " characters allowed";
            case "getMaxTokenCount" -> "more than the " + maximum + " values allowed";
            default -> what.strip().toLowerCase(Locale.ROOT) + " " + actual + " is over the limit of " + maximum;
        };
    }

    /** A Java type as Jackson names it, in words. */
    private static String type(String generic) {
        String name = generic.replaceAll("<.*", "");
        String simple = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1).replace(";", "");
        if (name.startsWith("[")) {
            return "a list";
        }
        return switch (simple) {
            case "String", "char", "Character", "CharSequence" -> "text";
            case "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte", "BigInteger" -> "a whole number";
            case "double", "Double", "float", "Float", "BigDecimal", "Number" -> "a number";
            case "boolean", "Boolean" -> "true or false";
            case "List", "ArrayList", "Collection", "Set", "HashSet", "LinkedHashSet" -> "a list";
            case "Map", "HashMap", "LinkedHashMap", "TreeMap", "ObjectNode", "JsonNode" -> "an object";
            case "Object" -> "a value";
            default -> "a " + simple.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        };
    }
}
