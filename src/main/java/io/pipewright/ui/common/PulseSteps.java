package io.pipewright.ui.common;

import java.util.ArrayDeque;
import javafx.animation.AnimationTimer;

/**
 * Runs view updates one per pulse (frame), so that an update which makes many new nodes is spread
 * over frames instead of holding the FX thread through one long CSS and layout pass. Steps run on
 * the FX thread in the order they were added; add them from the FX thread.
 */
public final class PulseSteps {
    private final ArrayDeque<Runnable> steps = new ArrayDeque<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            Runnable step = steps.poll();
            if (step == null) {
                stop();
                running = false;
                return;
            }
            step.run();
        }
    };
    private boolean running;

    public void add(Runnable step) {
        steps.add(step);
        if (!running) {
            running = true;
            timer.start();
        }
    }

    /** Runs a step in the next pulse, before the steps already waiting (a step that split itself). */
    public void addNext(Runnable step) {
        steps.addFirst(step);
        if (!running) {
            running = true;
            timer.start();
        }
    }

    /** Drops the steps not yet run (a newer update replaces them). */
    public void clear() {
        steps.clear();
    }
}
