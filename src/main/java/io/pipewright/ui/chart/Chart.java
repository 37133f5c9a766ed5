package io.pipewright.ui.chart;

/** A chart that lays itself out and draws on any {@link Surface}: the screen and exported files alike. */
public interface Chart {
    void draw(Surface surface, Palette palette);
}
