package io.pipewright.ui.training;

import io.pipewright.system.SystemSampler;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Icons;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.common.Workspace;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/** The Training workspace: a run's learning curves, trials and machine load. It comes on screen when a run starts. */
public final class TrainingWorkspace implements Workspace {
    private final TrainingViewModel model;
    private final Host host;
    private final ObservableValue<Palette> palette;
    /** Built when the window first asks for it (after the first frame, unless this workspace is the one on screen). */
    private TrainingView view;

    /** Asks once, off the FX thread, whether this machine has a GPU nvidia-smi reports. */
    public TrainingWorkspace(TrainingViewModel model, ObservableValue<Palette> palette, Host host, TaskExecutor executor) {
        this.model = model;
        this.host = host;
        this.palette = palette;
        executor.execute(BackgroundTask.of("Looking for GPUs", progress -> {
            String absence = SystemSampler.GpuProbe.probe().absence();
            return absence == null ? "" : absence;
        }).quiet().onSuccess(model::setGpuAbsence));
    }

    public TrainingViewModel model() {
        return model;
    }

    /** Shows this workspace with a recorded run's charts. */
    public void showRun(String runKey) {
        host.show(this);
        model.load(runKey);
    }

    @Override
    public boolean runStarted(String pipeline, Runnable stop) {
        model.begin(pipeline, stop);
        return true;
    }

    @Override
    public String id() {
        return "training";
    }

    @Override
    public String title() {
        return "Training";
    }

    @Override
    public String icon() {
        return Icons.SPARK;
    }

    @Override
    public String shortcut() {
        return "Shortcut+4";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new TrainingView(model, palette);
        }
        return view;
    }
}
