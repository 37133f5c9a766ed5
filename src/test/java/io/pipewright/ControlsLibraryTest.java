package io.pipewright;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Where ControlsFX and AtlantaFX overlap, what DESIGN.md says to use, enforced. */
@AnalyzeClasses(packages = "io.pipewright", importOptions = ImportOption.DoNotIncludeTests.class)
class ControlsLibraryTest {

    @ArchTest
    static final ArchRule switches_are_atlantafx = noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.controlsfx.control.ToggleSwitch")
            .as("a switch is AtlantaFX's ToggleSwitch")
            .because("ControlsFX's ToggleSwitch stylesheet uses the same style class as AtlantaFX's and draws it in Modena's colours");

    @ArchTest
    static final ArchRule decorations_leave_the_scene_alone = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.controlsfx.control.decoration..", "impl.org.controlsfx.skin..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.controlsfx.validation.decoration.GraphicValidationDecoration")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.controlsfx.validation.decoration.StyleClassValidationDecoration")
            .as("validation is decorated by ui.common.ThemedValidationDecoration")
            .because("ControlsFX's Decorator replaces the scene's root with its decoration pane the first time it decorates a field");
}
