package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A legend entry wider than the legend wraps at its spaces instead of being cut. */
class LegendTest {

    private static List<String> texts(Chart chart, double width, double height) {
        var svg = new SvgSurface(width, height);
        chart.draw(svg, Palette.LIGHT);
        var texts = new ArrayList<String>();
        var matcher = Pattern.compile(">([^<]*)</text>").matcher(svg.toSvg());
        while (matcher.find()) {
            texts.add(matcher.group(1));
        }
        return texts;
    }

    @Test
    void longEntriesWrapAndKeepTheirValuesWhole() {
        var series = List.of(
                new LineChart.Series("20261205-231045-3fe0b5 (bad, AUC\u00a00.81234)", "#1f6feb", new double[] {0, 1}, new double[] {0, 1}),
                new LineChart.Series("20261205-231112-3fd9a1 (bad, AUC\u00a00.82345)", "#d1242f", new double[] {0, 1}, new double[] {0, 0.9}));
        var chart = new LineChart("ROC", "false positive rate", "true positive rate", false, series, 0.0, 1.0, 0.0, 1.0);

        List<String> drawn = texts(chart, 460, 360);

        // before: "20261205-231045-3f…" twice
        assertThat(drawn).anyMatch(text -> text.contains("AUC\u00a00.81234)")).anyMatch(text -> text.contains("AUC\u00a00.82345)"))
                .noneMatch(text -> text.contains("…"));
        assertThat(drawn).anyMatch(text -> text.startsWith("20261205-231045-3fe0b5")).anyMatch(text -> text.startsWith("20261205-231112-3fd9a1"));
    }

    @Test
    void wrappingBreaksAtSpacesAndCutsOnlyAWordThatCannotFit() {
        assertThat(Plot.wrap("one two three", Plot.textWidth("one two", 11), 11)).containsExactly("one two", "three");
        assertThat(Plot.wrap("abcdefghijklmnopqrstuvwxyz", 40, 11)).hasSize(1).allMatch(line -> line.endsWith("…"));
    }
}
