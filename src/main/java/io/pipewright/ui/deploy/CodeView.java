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
 * each a style class (the theme colours them). Long files show their first lines.
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
        for (int i = 0; i < Math.min(lines.size(), MAX_LINES); i++) {
            line(markdown, lines.get(i), nodes);
            nodes.add(new Text("\n"));
        }
        if (lines.size() > MAX_LINES) {
            var more = new Text("… " + (lines.size() - MAX_LINES) + " more lines (the exported file has them all)\n");
            more.getStyleClass().add("code-comment");
            nodes.add(more);
        }
        flow.getChildren().setAll(nodes);
        return flow;
    }

    private static void line(boolean markdown, String line, List<Node> nodes) {
        if (markdown) {
            nodes.add(styled(line, line.startsWith("#") ? "code-key" : line.startsWith("    ") || line.startsWith("```") ? "code-string" : null));
            return;
        }
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
