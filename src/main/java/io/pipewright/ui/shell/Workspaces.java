package io.pipewright.ui.shell;

import io.pipewright.data.DatabaseCredentials;
import io.pipewright.export.BundleValidator;
import io.pipewright.loop.MonitorDrift;
import io.pipewright.loop.MonitorRunner;
import io.pipewright.loop.PipelineRetrainer;
import io.pipewright.pipeline.NodeCatalog;
import io.pipewright.track.RunPages;
import io.pipewright.ui.common.BackgroundTask;
import io.pipewright.ui.common.Workspace;
import io.pipewright.ui.data.DataViewModel;
import io.pipewright.ui.data.DataWorkspace;
import io.pipewright.ui.deploy.DeployViewModel;
import io.pipewright.ui.deploy.DeployWorkspace;
import io.pipewright.ui.experiments.ExperimentsPreferences;
import io.pipewright.ui.experiments.ExperimentsViewModel;
import io.pipewright.ui.experiments.ExperimentsWorkspace;
import io.pipewright.ui.experiments.RunDetailView;
import io.pipewright.ui.features.FeaturesViewModel;
import io.pipewright.ui.home.HomeViewModel;
import io.pipewright.ui.home.HomeWorkspace;
import io.pipewright.ui.models.ModelsViewModel;
import io.pipewright.ui.models.ModelsWorkspace;
import io.pipewright.ui.monitors.MonitorsViewModel;
import io.pipewright.ui.pipeline.PipelineEditorViewModel;
import io.pipewright.ui.pipeline.PipelinesWorkspace;
import io.pipewright.ui.quality.QualityWorkspace;
import io.pipewright.ui.training.TrainingViewModel;
import io.pipewright.ui.training.TrainingWorkspace;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;

/**
 * The main window's workspaces, in the order of its sidebar and View menu, and the links between
 * them (a dropped dataset opens in Data and is remembered on Home; a run's detail opens its pipeline
 * in Pipelines; a run that starts shows in Training). The window builds its sidebar, menus,
 * shortcuts and drop routing from this list: a workspace is added with one line here, or, for one
 * that stands alone, with a {@link Factory} given to the app.
 */
public final class Workspaces {

    /** Builds one workspace from what the window shares with it. */
    @FunctionalInterface
    public interface Factory {
        Workspace create(WorkspaceContext context);
    }

    private Workspaces() {
    }

    /** The standard workspaces, then those {@code extra} builds, in order. */
    static List<Workspace> with(WorkspaceContext context, List<Factory> extra) {
        var all = new ArrayList<>(standard(context));
        extra.forEach(factory -> all.add(factory.create(context)));
        return all;
    }

    /** Home, Data, Pipelines, Training, Experiments, Models, Deploy and Quality, linked to each other. */
    static List<Workspace> standard(WorkspaceContext c) {
        var host = c.host();
        var clock = Clock.systemDefaultZone();
        var credentials = new DatabaseCredentials(System.getenv(), c.home().secretsFile());

        var homeModel = new HomeViewModel(c.home(), c.executor(), c.notifications(), c.sampleDatasets(), c.samplePipelines(), clock);
        var dataModel = new DataViewModel(c.executor(), Platform::runLater, c.notifications(), c.store(), clock);
        var data = new DataWorkspace(dataModel, host, c.dialogs(), c.home().samples(), homeModel::open,
                () -> new FeaturesViewModel(c.executor(), c.notifications(), c.home().samples().resolve("features"),
                        new FeaturesViewModel.Environment(() -> c.home().data(), credentials, clock)));
        var home = new HomeWorkspace(homeModel, data::chooseAndOpen);
        homeModel.setOpener(data::open);
        dataModel.setOnProfiled(homeModel::remember);

        var editor = new PipelineEditorViewModel(NodeCatalog.standard(), c.executor(), Platform::runLater, c.store(),
                () -> c.home().create().artifacts(), () -> c.home().data(), c.build().version(), c.notifications());
        var pipelines = new PipelinesWorkspace(editor, c.dialogs(), () -> c.home().samples().resolve("pipelines"), c.palette(), host,
                new io.pipewright.ui.pipeline.ClusterExportViewModel.Services(c.executor(), c.store(), c.notifications()));
        homeModel.setPipelineOpener(pipelines::open);

        var trainingModel = new TrainingViewModel(c.executor(), c.store(), null);
        var training = new TrainingWorkspace(trainingModel, c.palette(), host, c.executor());
        editor.setRunWatcher(trainingModel, name -> host.runStarted(name, editor::stop), trainingModel::end);

        var experimentsModel = new ExperimentsViewModel(c.executor(), c.store(), c.notifications(), columnMemory(c));
        var experiments = new ExperimentsWorkspace(experimentsModel, c.executor(), c.store(), c.notifications(), c.dialogs(), c.palette());
        experiments.setRunLinks(new RunDetailView.RunLinks() {
            @Override
            public void openPipeline(String text, Path folder) {
                pipelines.openText(text, folder);
            }

            @Override
            public void showInTraining(String runKey) {
                training.showRun(runKey);
            }
        });

        var deploy = new DeployWorkspace(new DeployViewModel(c.executor(), c.store(), c.notifications(), BundleValidator.Tools.fromPath()),
                c.dialogs(), c.executor(), c.notifications(), host);
        var models = new ModelsWorkspace(new ModelsViewModel(c.executor(), c.store(), c.notifications(), clock), c.dialogs(), runKey -> {
            host.show(experiments);
            experiments.openRun(runKey);
        }, deploy::showVersion);

        var monitors = new MonitorsViewModel(c.executor(), c.store(), c.notifications(), opened -> new MonitorRunner(opened, MonitorDrift.check(),
                new PipelineRetrainer(opened, c.home().create().artifacts(), c.build().version(),
                        warning -> Platform.runLater(() -> c.notifications().warn(warning)), c.home().data(), credentials),
                java.time.Clock.systemUTC()));
        var quality = new QualityWorkspace(c.executor(), c.store(), c.notifications(), c.dialogs(), c.palette(), monitors,
                dataModel.profiledFileProperty(), () -> c.home().data());

        return List.of(home, data, pipelines, training, experiments, models, deploy, quality);
    }

    /** The columns chosen per experiment, kept in the preferences file (written off the FX thread). */
    private static ExperimentsViewModel.ColumnMemory columnMemory(WorkspaceContext c) {
        return new ExperimentsViewModel.ColumnMemory() {
            /** Bound when first asked for, not while the window's first frame waits (binding sets up Jackson's data binding). */
            private ExperimentsPreferences remembered;

            private synchronized ExperimentsPreferences remembered() {
                if (remembered == null) {
                    remembered = c.preferences().get(ExperimentsPreferences.SECTION, ExperimentsPreferences.class, ExperimentsPreferences.empty());
                }
                return remembered;
            }

            @Override
            public Optional<List<RunPages.Column>> columns(String experiment) {
                return Optional.ofNullable(remembered().columns().get(experiment));
            }

            @Override
            public synchronized void remember(String experiment, List<RunPages.Column> columns) {
                remembered = remembered().with(experiment, columns);
                ExperimentsPreferences toSave = remembered;
                c.executor().execute(BackgroundTask.of("Saving preferences", progress -> {
                    c.preferences().put(ExperimentsPreferences.SECTION, toSave);
                    return toSave;
                }).quiet());
            }
        };
    }
}
