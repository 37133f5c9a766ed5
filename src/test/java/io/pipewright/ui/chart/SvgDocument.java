package io.pipewright.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An exported SVG parsed by a strict XML parser, with the questions the tests ask of it. */
record SvgDocument(String source, Document document) {

    static SvgDocument of(Chart chart) {
        return parse(ChartExport.svg(chart, 800, 500, Palette.LIGHT));
    }

    static SvgDocument parse(String svg) {
        assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
            return new SvgDocument(svg, document);
        } catch (Exception e) {
            throw new AssertionError("not well-formed SVG: " + e.getMessage() + "\n" + svg, e);
        }
    }

    List<Element> elements(String name) {
        NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
        var list = new ArrayList<Element>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    int count(String name) {
        return elements(name).size();
    }

    /** Every text the chart shows, as a person reads it (entities decoded). */
    List<String> texts() {
        return elements("text").stream().map(Element::getTextContent).toList();
    }

    /** The number of points of each polyline, in drawing order. */
    List<Integer> polylinePoints() {
        return elements("polyline").stream().map(e -> e.getAttribute("points").trim().split("\\s+").length).toList();
    }
}
