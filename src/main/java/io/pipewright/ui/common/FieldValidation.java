package io.pipewright.ui.common;

import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.control.Control;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * The validation decorations of one form (ControlsFX's {@link ValidationSupport}, drawn by
 * {@link ThemedValidationDecoration}). It holds no rule of its own: each field is checked by a function
 * that asks the view model what is wrong with a value (null: nothing), so a decoration says exactly
 * what the view model refuses, and nothing else. A field is decorated once its value changes (or the
 * form is {@linkplain #revalidate() checked again}), never for what was there before anyone typed.
 * Results arrive a pulse later: ControlsFX checks in {@code Platform.runLater}.
 */
public final class FieldValidation {
    private final ValidationSupport support = new ValidationSupport();

    public FieldValidation() {
        support.setValidationDecorator(new ThemedValidationDecoration());
    }

    /** Checks the field's value (a text field's text, a combo box's value) with the view model's {@code problem}. */
    public <T> void check(Control field, Function<T, String> problem) {
        support.registerValidator(field, false, (Control control, T value) -> result(control, problem.apply(value)));
    }

    /** Checks a field whose value the view model reads itself (a list of checked items): asked again on {@link #revalidate(Control)}. */
    public void check(Control field, Supplier<String> problem) {
        support.registerValidator(field, false, (Control control, Object ignored) -> result(control, problem.get()));
    }

    /** Asks every field again: the view model's problems changed (one field's value can make another's wrong). */
    public void revalidate() {
        support.initInitialDecoration();
        support.revalidate();
    }

    /** Asks one field again, as if its value had changed. */
    public void revalidate(Control field) {
        support.initInitialDecoration();
        support.revalidate(field);
    }

    /** Whether some field is refused now. */
    public boolean invalid() {
        return support.isInvalid();
    }

    private static ValidationResult result(Control control, String problem) {
        return ValidationResult.fromErrorIf(control, problem == null ? "" : problem, problem != null);
    }
}
