package io.pipewright.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Finds the line of a field such as {@code columns.age.min} or {@code table.rules[1].expression} in a YAML text, for messages. */
final class YamlLines {
    private YamlLines() {
    }

    /**
     * The 1-based line where the field's last key is written, found by walking the keys in order (block style, which is
     * what Pipewright writes and people mostly write); {@code fallback} when it cannot be found.
     */
    static int keyLine(String text, String field, int fallback) {
        if (field == null || field.isEmpty()) {
            return fallback;
        }
        String[] lines = text.split("\n", -1);
        int at = 0;
        int found = -1;
        for (String part : parts(field)) {
            if (part.startsWith("[")) {
                int index = Integer.parseInt(part.substring(1, part.length() - 1));
                int seen = -1;
                int i = at;
                for (; i < lines.length; i++) {
                    if (lines[i].stripLeading().startsWith("- ")) {
                        seen++;
                        if (seen == index) {
                            break;
                        }
                    }
                }
                if (i >= lines.length) {
                    return found > 0 ? found : fallback;
                }
                found = i + 1;
                at = i; // the item's first key may sit on the "- " line
                continue;
            }
            var key = Pattern.compile("^\\s*(- )?[\"']?" + Pattern.quote(part) + "[\"']?\\s*:|[{,]\\s*[\"']?" + Pattern.quote(part) + "[\"']?\\s*:");
            int i = at;
            for (; i < lines.length; i++) {
                if (!lines[i].stripLeading().startsWith("#") && key.matcher(lines[i]).find()) {
                    break;
                }
            }
            if (i >= lines.length) {
                return found > 0 ? found : fallback;
            }
            found = i + 1;
            at = i + (lines[i].contains("{") ? 0 : 1);
        }
        return found > 0 ? found : fallback;
    }

    private static List<String> parts(String field) {
        var parts = new ArrayList<String>();
        for (String piece : field.split("\\.")) {
            int bracket = piece.indexOf('[');
            if (bracket < 0) {
                parts.add(piece);
            } else {
                if (bracket > 0) {
                    parts.add(piece.substring(0, bracket));
                }
                var matcher = Pattern.compile("\\[\\d+]").matcher(piece.substring(bracket));
                while (matcher.find()) {
                    parts.add(matcher.group());
                }
            }
        }
        return parts;
    }
}
