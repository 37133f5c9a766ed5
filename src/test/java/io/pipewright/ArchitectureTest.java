package io.pipewright;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The layering of DESIGN.md, enforced. Any exception is a named, commented rule here. */
@AnalyzeClasses(packages = "io.pipewright", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {
        "io.pipewright.home..", "io.pipewright.work..", "io.pipewright.data..", "io.pipewright.profile..",
        "io.pipewright.quality..", "io.pipewright.pipeline..", "io.pipewright.train..", "io.pipewright.track..",
        "io.pipewright.system..", "io.pipewright.loop..", "io.pipewright.serve..", "io.pipewright.export..", "io.pipewright.ingest..",
        "io.pipewright.features.."
    };

    // The layers of DESIGN.md, from the bottom. A layer uses the layers below it, never one above.
    private static final String[] BASE = {"io.pipewright.work..", "io.pipewright.home..", "io.pipewright.system.."};
    private static final String[] DATA = {"io.pipewright.data.."};
    private static final String[] ANALYSIS = {"io.pipewright.profile..", "io.pipewright.quality..", "io.pipewright.train..", "io.pipewright.ingest..",
        "io.pipewright.features.."};
    private static final String[] TRACK = {"io.pipewright.track.."};
    private static final String[] PIPELINE = {"io.pipewright.pipeline.."};
    private static final String[] PRODUCTION = {"io.pipewright.loop..", "io.pipewright.serve..", "io.pipewright.export.."};
    private static final String[] INTERFACE = {"io.pipewright.cli..", "io.pipewright.ui.."};

    private static String[] packages(String[]... layers) {
        return java.util.Arrays.stream(layers).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static ArchRule layer(String name, String[] layer, String[]... higher) {
        return noClasses().that().resideInAnyPackage(layer)
                .should().dependOnClassesThat().resideInAnyPackage(packages(higher))
                .as(name + " uses only the layers below it")
                .because("DESIGN.md orders the packages work/home/system < data < profile/quality/train/ingest < track < pipeline"
                        + " < loop/serve/export < cli/ui, and a dependency upwards is how cycles start");
    }

    /** Every top-level package is one slice; no two of them may depend on each other, directly or around a ring. */
    @ArchTest
    static final ArchRule no_cycles_between_packages = slices().matching("io.pipewright.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule base_layer = layer("work, home and system", BASE, DATA, ANALYSIS, TRACK, PIPELINE, PRODUCTION, INTERFACE);

    @ArchTest
    static final ArchRule data_layer = layer("data", DATA, ANALYSIS, TRACK, PIPELINE, PRODUCTION, INTERFACE);

    @ArchTest
    static final ArchRule analysis_layer = layer("profile, quality and train", ANALYSIS, TRACK, PIPELINE, PRODUCTION, INTERFACE);

    @ArchTest
    static final ArchRule track_layer = layer("track", TRACK, PIPELINE, PRODUCTION, INTERFACE);

    @ArchTest
    static final ArchRule pipeline_layer = layer("pipeline", PIPELINE, PRODUCTION, INTERFACE);

    @ArchTest
    static final ArchRule production_layer = layer("loop, serve and export", PRODUCTION, INTERFACE);

    /** The core runs without a display: in the CLI, the serving runtime, a Kubernetes Job. */
    @ArchTest
    static final ArchRule core_is_headless = noClasses().that().resideOutsideOfPackage("io.pipewright.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..", "com.sun.javafx..")
            .because("only io.pipewright.ui may use JavaFX, AWT or Swing");

    @ArchTest
    static final ArchRule core_depends_on_neither_cli_nor_ui = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.pipewright.cli..", "io.pipewright.ui..")
            .because("cli and ui depend on the core, never the reverse");

    @ArchTest
    static final ArchRule ui_does_not_call_cli = noClasses().that().resideInAPackage("io.pipewright.ui..")
            .should().dependOnClassesThat().resideInAPackage("io.pipewright.cli..");

    /** Results go to stdout only from the command line; everything else logs. */
    @ArchTest
    static final ArchRule only_cli_prints = noClasses().that().resideOutsideOfPackage("io.pipewright.cli..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("only io.pipewright.cli prints; other code logs through SLF4J");

    @ArchTest
    static final ArchRule no_java_util_logging = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule slf4j_only = noClasses().that().haveNameNotMatching("io\\.pipewright\\.home\\.LogConfiguration(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..", "org.apache.log4j..",
                    "org.apache.logging.log4j..", "org.apache.commons.logging..")
            .because("all logging goes through the SLF4J API; logback is only the binding, set up by LogConfiguration");

    /** All background work goes through the one executor, which alone adapts to javafx.concurrent. */
    @ArchTest
    static final ArchRule one_task_executor = noClasses().that().haveNameNotMatching("io\\.pipewright\\.ui\\.common\\.FxTaskExecutor(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("javafx.concurrent..")
            .because("background work runs through TaskExecutor so that it shows in the status bar and can be cancelled");

    @ArchTest
    static final ArchRule no_raw_threads_in_ui = noClasses().that().resideInAPackage("io.pipewright.ui..")
            .and().doNotHaveFullyQualifiedName("io.pipewright.ui.common.FxTaskExecutor")
            .and().doNotHaveFullyQualifiedName("io.pipewright.ui.shell.PipewrightApp") // its shutdown thread outlives the FX toolkit
            .should().callConstructor(Thread.class, Runnable.class, String.class)
            .because("views hand work to the TaskExecutor");

    /**
     * A view model's state is read through methods ({@code xxxProperty()}, read-only where the view
     * must not write): a public field would let any view replace or rebind it.
     */
    @ArchTest
    static final ArchRule view_models_have_no_public_fields = fields().that().areDeclaredInClassesThat().resideInAPackage("io.pipewright.ui..")
            .and().areDeclaredInClassesThat().haveSimpleNameEndingWith("ViewModel")
            .and().arePublic()
            .should().beStatic().andShould().beFinal()
            .because("view models expose their state through xxxProperty() methods; only constants may be public fields");
}
