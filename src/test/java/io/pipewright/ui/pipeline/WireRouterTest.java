package io.pipewright.ui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ui.pipeline.WireRouter.Box;
import io.pipewright.ui.pipeline.WireRouter.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A routed wire goes around every node box and turns only at right angles. */
class WireRouterTest {

    /** Boxes as the editor lays out the credit-risk sample: five nodes in one row, 240 pixels apart. */
    private static final Box READ = new Box(40, 40, 180, 102);
    private static final Box SPLIT = new Box(280, 40, 180, 146);
    private static final Box TRAIN = new Box(520, 40, 180, 124);
    private static final Box EVAL = new Box(760, 40, 180, 124);
    private static final Box REGISTER = new Box(1000, 40, 180, 124);

    @Test
    void theWireFromSplitTestToEvalGoesAroundTrainNotBehindIt() {
        var boxes = List.of(READ, SPLIT, TRAIN, EVAL, REGISTER);
        var from = new Point(SPLIT.right(), SPLIT.y() + 50 + 2.5 * 22); // split.test, the third output
        var to = new Point(EVAL.x(), EVAL.y() + 50 + 1.5 * 22); // eval.table, the second input
        // the straight legs of the old curve ran through train
        assertThat(TRAIN.crossedBy(new Point(from.x() + 120, from.y()), new Point(from.x() + 300, from.y()))).isTrue();

        List<Point> path = WireRouter.route(from, to, boxes);

        assertThat(path.get(0)).isEqualTo(from);
        assertThat(path.get(path.size() - 1)).isEqualTo(to);
        assertClear(path, boxes);
        assertThat(path).as("the same layout, the same path").isEqualTo(WireRouter.route(from, to, boxes));
        assertThat(path.size()).as("around train with four bends at most").isLessThanOrEqualTo(6);
    }

    @Test
    void aWireWithNothingInTheWayIsOneStraightLine() {
        var from = new Point(TRAIN.right(), TRAIN.y() + 61 - 40);
        var to = new Point(EVAL.x(), EVAL.y() + 61 - 40);
        assertThat(WireRouter.route(from, to, List.of(TRAIN, EVAL))).containsExactly(from, to);
    }

    @Test
    void wiresBetweenAnyTwoNodesOfRandomLayoutsCrossNoNodeBox() {
        var random = new Random(11);
        int routes = 0;
        for (int layout = 0; layout < 60; layout++) {
            // nodes on a grid of columns and rows, as the editor snaps them, some cells empty
            var boxes = new ArrayList<Box>();
            for (int column = 0; column < 5; column++) {
                for (int row = 0; row < 3; row++) {
                    if (random.nextInt(3) > 0) {
                        double x = 40 + column * 240 + 20 * random.nextInt(2);
                        double y = 40 + row * 180 + 20 * random.nextInt(2);
                        boxes.add(new Box(x, y, 180, 102 + 22 * random.nextInt(3)));
                    }
                }
            }
            for (int wire = 0; wire < 10 && boxes.size() > 1; wire++) {
                Box source = boxes.get(random.nextInt(boxes.size()));
                Box target = boxes.get(random.nextInt(boxes.size()));
                if (source == target) {
                    continue;
                }
                var from = new Point(source.right(), source.y() + 61);
                var to = new Point(target.x(), target.y() + 61);
                List<Point> path = WireRouter.route(from, to, boxes);
                assertThat(path.get(0)).isEqualTo(from);
                assertThat(path.get(path.size() - 1)).isEqualTo(to);
                assertClear(path, boxes);
                routes++;
            }
        }
        assertThat(routes).isGreaterThan(400);
    }

    @Test
    void aDraggedRectangleSelectsTheBoxesItTouches() {
        var boxes = Map.of("read", READ, "split", SPLIT, "train", TRAIN);
        assertThat(WireRouter.within(boxes, 250, 0, 300, 300)).containsExactly("split");
        assertThat(WireRouter.within(boxes, 600, 200, 100, 100)).as("dragged up and to the left").containsExactlyInAnyOrder("read", "split", "train");
    }

    /** Every leg horizontal or vertical, and none through the inside of any box (the wire's own two nodes included). */
    private static void assertClear(List<Point> path, List<Box> boxes) {
        for (int k = 1; k < path.size(); k++) {
            Point a = path.get(k - 1);
            Point b = path.get(k);
            assertThat(a.x() == b.x() || a.y() == b.y()).as("leg %s → %s is straight across or down", a, b).isTrue();
            for (Box box : boxes) {
                assertThat(box.crossedBy(a, b)).as("leg %s → %s of %s crosses %s", a, b, path, box).isFalse();
            }
        }
    }
}
