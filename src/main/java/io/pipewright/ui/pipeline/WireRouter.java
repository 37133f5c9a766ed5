package io.pipewright.ui.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Where the canvas draws a connection: an orthogonal path from an output port to an input port that
 * goes around every node box with a little clearance, so that a wire never passes behind a node it
 * does not belong to (where it would read as that node's output). The path runs on the lines that
 * the boxes' clearance edges and the two ports make; among those it takes the shortest, counting
 * each bend as some extra length, so it is the same path every time for the same layout. Without
 * such a path (nodes overlapping a port) it falls back to three straight legs.
 */
final class WireRouter {
    /** Space kept between a wire and the boxes it passes. */
    static final double CLEARANCE = 12;
    /** What a bend costs, as length: a longer path with fewer bends reads better. */
    private static final double BEND = 40;

    private WireRouter() {
    }

    /** A point of the canvas. */
    record Point(double x, double y) {
    }

    /** A node's rectangle on the canvas. */
    record Box(double x, double y, double width, double height) {
        double right() {
            return x + width;
        }

        double bottom() {
            return y + height;
        }

        Box grown(double by) {
            return new Box(x - by, y - by, width + 2 * by, height + 2 * by);
        }

        /** Whether a point lies strictly inside (its border is outside). */
        boolean holds(double px, double py) {
            return px > x && px < right() && py > y && py < bottom();
        }

        /** Whether a horizontal or vertical segment passes through the inside (running along the border does not). */
        boolean crossedBy(Point a, Point b) {
            if (a.y() == b.y()) {
                return a.y() > y && a.y() < bottom() && Math.max(a.x(), b.x()) > x && Math.min(a.x(), b.x()) < right();
            }
            return a.x() > x && a.x() < right() && Math.max(a.y(), b.y()) > y && Math.min(a.y(), b.y()) < bottom();
        }

        /** Whether it overlaps the rectangle between two corners, in any order. */
        boolean meets(double x0, double y0, double x1, double y1) {
            return x < Math.max(x0, x1) && right() > Math.min(x0, x1) && y < Math.max(y0, y1) && bottom() > Math.min(y0, y1);
        }
    }

    /** The ids of the boxes that overlap a dragged rectangle. */
    static List<String> within(Map<String, Box> boxes, double x0, double y0, double x1, double y1) {
        var inside = new ArrayList<String>();
        boxes.forEach((id, box) -> {
            if (box.meets(x0, y0, x1, y1)) {
                inside.add(id);
            }
        });
        return inside;
    }

    /**
     * The path of a wire from an output port (on the right edge of its node) to an input port (on the
     * left edge of its node) around {@code boxes}, which may include the wire's own two nodes: its
     * points, the ports first and last, turning at right angles.
     */
    static List<Point> route(Point from, Point to, List<Box> boxes) {
        var grown = boxes.stream().map(box -> box.grown(CLEARANCE)).toList();
        var start = new Point(from.x() + CLEARANCE, from.y());
        var end = new Point(to.x() - CLEARANCE, to.y());
        var xs = new TreeSet<Double>(List.of(start.x(), end.x(), (start.x() + end.x()) / 2));
        var ys = new TreeSet<Double>(List.of(start.y(), end.y(), (start.y() + end.y()) / 2));
        for (Box box : grown) {
            xs.add(box.x());
            xs.add(box.right());
            ys.add(box.y());
            ys.add(box.bottom());
        }
        List<Point> inner = shortest(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                start, end, grown);
        if (inner == null) {
            double middle = (start.x() + end.x()) / 2;
            inner = List.of(start, new Point(middle, start.y()), new Point(middle, end.y()), end);
        }
        var points = new ArrayList<Point>();
        points.add(from);
        points.addAll(inner);
        points.add(to);
        return simplified(points);
    }

    /** Directions: east, south, west, north. */
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    /**
     * Dijkstra over the grid of candidate lines, a state being a crossing and the direction the path
     * arrived in; starts heading east out of the output port and must leave heading east into the input.
     */
    private static List<Point> shortest(double[] xs, double[] ys, Point start, Point end, List<Box> grown) {
        int nx = xs.length;
        int ny = ys.length;
        int si = Arrays.binarySearch(xs, start.x());
        int sj = Arrays.binarySearch(ys, start.y());
        int ei = Arrays.binarySearch(xs, end.x());
        int ej = Arrays.binarySearch(ys, end.y());
        if (blocked(start, grown) || blocked(end, grown)) {
            return null;
        }
        int states = nx * ny * 4;
        double[] cost = new double[states];
        int[] previous = new int[states];
        Arrays.fill(cost, Double.POSITIVE_INFINITY);
        Arrays.fill(previous, -1);
        int first = ((si * ny) + sj) * 4;
        cost[first] = 0;
        // ties broken by state number: the same layout always gives the same path
        var queue = new PriorityQueue<double[]>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        queue.add(new double[] {0, first});
        int goal = -1;
        double best = Double.POSITIVE_INFINITY;
        while (!queue.isEmpty()) {
            double[] head = queue.poll();
            int state = (int) head[1];
            if (head[0] > cost[state] || head[0] >= best) {
                continue;
            }
            int dir = state % 4;
            int cell = state / 4;
            int i = cell / ny;
            int j = cell % ny;
            if (i == ei && j == ej) {
                double total = head[0] + (dir == 0 ? 0 : BEND);
                if (total < best) {
                    best = total;
                    goal = state;
                }
                continue;
            }
            for (int d = 0; d < 4; d++) {
                if (d == (dir + 2) % 4) {
                    continue; // no turning back on itself
                }
                int ni = i + DX[d];
                int nj = j + DY[d];
                if (ni < 0 || nj < 0 || ni >= nx || nj >= ny) {
                    continue;
                }
                var a = new Point(xs[i], ys[j]);
                var b = new Point(xs[ni], ys[nj]);
                if (blocked(b, grown) || crosses(a, b, grown)) {
                    continue;
                }
                double next = head[0] + Math.abs(b.x() - a.x()) + Math.abs(b.y() - a.y()) + (d == dir ? 0 : BEND);
                int target = ((ni * ny) + nj) * 4 + d;
                if (next < cost[target]) {
                    cost[target] = next;
                    previous[target] = state;
                    queue.add(new double[] {next, target});
                }
            }
        }
        if (goal < 0) {
            return null;
        }
        var path = new ArrayList<Point>();
        for (int state = goal; state >= 0; state = previous[state]) {
            int cell = state / 4;
            path.add(0, new Point(xs[cell / ny], ys[cell % ny]));
        }
        return path;
    }

    private static boolean blocked(Point point, List<Box> grown) {
        for (Box box : grown) {
            if (box.holds(point.x(), point.y())) {
                return true;
            }
        }
        return false;
    }

    private static boolean crosses(Point a, Point b, List<Box> grown) {
        for (Box box : grown) {
            if (box.crossedBy(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** The corners only: points in line with their neighbours, and repeated points, left out. */
    private static List<Point> simplified(List<Point> points) {
        var kept = new ArrayList<Point>();
        for (Point point : points) {
            if (!kept.isEmpty() && kept.get(kept.size() - 1).equals(point)) {
                continue;
            }
            if (kept.size() >= 2) {
                Point a = kept.get(kept.size() - 2);
                Point b = kept.get(kept.size() - 1);
                if ((a.x() == b.x() && b.x() == point.x()) || (a.y() == b.y() && b.y() == point.y())) {
                    kept.set(kept.size() - 1, point);
                    continue;
                }
            }
            kept.add(point);
        }
        return kept;
    }
}
