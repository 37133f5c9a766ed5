package io.pipewright.ui.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.Node;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A file of the bundle as coloured text: comments, keys, strings, numbers and Helm's template actions
 * each a style class (the theme colours them); in Markdown, headings, and code (fenced or indented). Long
 * files show their first lines.
 */
final class CodeView {
    static final int MAX_LINES = 1500;
    private static final Pattern TOKENS = Pattern.compile(
            "(?<comment>(?:^|(?<=\\s))(?:#|//).*$)|(?<template>\\{\\{.*?}})|(?<string>\"(?:[^\"\\\\]|\\\\.)*\")"
                    + "|(?<key>^\\s*(?:- )?[A-Za-z0-9_.\\-/\"]+(?=\\s*[:=](?:\\s|$)))|(?<number>\\b\\d+(?:\\.\\d+)?\\b)|(?<heading>^#{1,6} .*$)");

    private CodeView() {
    }

    static TextFlow of(String path, String content) {
        var flow = new TextFlow();
        flow.getStyleClass().add("code-view");
        var nodes = new ArrayList<Node>();
        boolean markdown = path.endsWith(".md");
        var lines = content.lines().toList();
        boolean fenced = false;
        for (int i = 0; i < Math.min(lines.size(), MAX_LINES); i++) {
            String line = lines.get(i);
            if (markdown) {
                // a fenced block is code throughout, its indented lines and the others alike
                boolean fence = line.startsWith("```");
                String style = fence || fenced || line.startsWith("    ") ? "code-string" : line.startsWith("#") ? "code-key" : null;
                fenced ^= fence;
                nodes.add(styled(line + "\n", style));
            } else {
                line(line, nodes);
            }
        }
        if (lines.size() > MAX_LINES) {
            nodes.add(styled("… " + (lines.size() - MAX_LINES) + " more lines (the exported file has them all)\n", "code-comment"));
        }
        flow.getChildren().setAll(nodes);
        return flow;
    }

    /**
     * One line as styled runs, its newline inside the last run. Every run, newlines included, is code text and none
     * is empty: after an empty line written as an empty run and a bare newline in the window's default font, the
     * TextFlow drew the next line's first character in that font and colour.
     */
    private static void line(String line, List<Node> nodes) {
        int first = nodes.size();
        Matcher matcher = TOKENS.matcher(line);
        int at = 0;
        while (matcher.find()) {
            if (matcher.start() > at) {
                nodes.add(styled(line.substring(at, matcher.start()), null));
            }
            String style = matcher.group("comment") != null || matcher.group("heading") != null ? "code-comment"
                    : matcher.group("template") != null ? "code-template" : matcher.group("string") != null ? "code-string"
                    : matcher.group("key") != null ? "code-key" : "code-number";
            nodes.add(styled(matcher.group(), style));
            at = matcher.end();
        }
        if (at < line.length()) {
            nodes.add(styled(line.substring(at), null));
        }
        if (nodes.size() == first) {
            nodes.add(styled("\n", null));
        } else {
            var last = (Text) nodes.get(nodes.size() - 1);
            last.setText(last.getText() + "\n");
        }
    }

    private static Text styled(String text, String style) {
        var node = new Text(text);
        node.getStyleClass().add("code-text");
        if (style != null) {
            node.getStyleClass().add(style);
        }
        return node;
    }
}
