package io.pipewright.ui.common;

import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.decoration.ValidationDecoration;

/**
 * How a refused value looks: the field takes the theme's {@code :danger} state (AtlantaFX draws its
 * border and text in the danger colour, light and dark) and the reason as its tooltip. ControlsFX's own
 * decorations go through its {@code Decorator}, which replaces the scene's root with a decoration pane
 * and paints its own icons; this one touches nothing but the field.
 */
public final class ThemedValidationDecoration implements ValidationDecoration {
    /** AtlantaFX's state for a field whose value is refused ({@code atlantafx.base.theme.Styles.STATE_DANGER}). */
    public static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");
    /** The style class of a decorated field, for the rules AtlantaFX does not have (a list). */
    public static final String REFUSED = "refused";
    /** Where a decorated field keeps the tooltip it had before, to be given back. */
    private static final String OWN_TOOLTIP = ThemedValidationDecoration.class.getName() + ".tooltip";
    private static final String DECORATED = ThemedValidationDecoration.class.getName() + ".decorated";

    @Override
    public void removeDecorations(Control target) {
        if (target.getProperties().remove(DECORATED) == null) {
            return;
        }
        target.pseudoClassStateChanged(DANGER, false);
        target.getStyleClass().remove(REFUSED);
        target.setTooltip((Tooltip) target.getProperties().remove(OWN_TOOLTIP));
    }

    @Override
    public void applyValidationDecoration(ValidationMessage message) {
        if (message.getSeverity() != Severity.ERROR) {
            return;
        }
        Control target = message.getTarget();
        if (target.getProperties().put(DECORATED, Boolean.TRUE) == null) {
            Tooltip own = target.getTooltip();
            if (own != null) {
                target.getProperties().put(OWN_TOOLTIP, own);
            }
        }
        target.pseudoClassStateChanged(DANGER, true);
        if (!target.getStyleClass().contains(REFUSED)) {
            target.getStyleClass().add(REFUSED);
        }
        target.setTooltip(new WrappedTooltip(message.getText()));
    }

    @Override
    public void applyRequiredDecoration(Control target) {
        // a required field is marked by its label ("path *"), not by a decoration before anything is typed
    }
}
