package io.pipewright.ui.shell;

import io.pipewright.data.SampleDatasets;
import io.pipewright.home.BuildInfo;
import io.pipewright.home.PipewrightHome;
import io.pipewright.home.Preferences;
import io.pipewright.pipeline.SamplePipelines;
import io.pipewright.track.Store;
import io.pipewright.ui.chart.Palette;
import io.pipewright.ui.common.DialogService;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.TaskExecutor;
import io.pipewright.ui.common.Workspace;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;

/**
 * What the main window shares with the workspaces it is built with: the home folder and the
 * preferences, the one task executor, the status bar's notifications, the store (empty until it has
 * opened), the dialogs, the theme's chart colours, and the window itself as their {@link Workspace.Host}.
 */
public record WorkspaceContext(PipewrightHome home, BuildInfo build, Preferences preferences, SampleDatasets sampleDatasets,
                               SamplePipelines samplePipelines, TaskExecutor executor, Notifications notifications,
                               Supplier<Optional<Store>> store, DialogService dialogs, ObservableValue<Palette> palette,
                               Workspace.Host host) {
}
