package io.pipewright.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepTest {

    /** A table written between node processes carries its fitted steps; evaluate compares them with the model's. */
    @Test
    void fittedStepsReadBackFromJsonAreTheSameSteps() throws Exception {
        var mapper = new ObjectMapper();
        List<Step> steps = List.of(
                new Step.Scale(Map.of("age", new double[] {41.5, 12.25}, "income", new double[] {52000, 18000.5})),
                new Step.Impute(Map.of("income", 48000.0), Map.of("purpose", "car")));
        String json = mapper.writerFor(mapper.getTypeFactory().constructCollectionType(List.class, Step.class)).writeValueAsString(steps);
        List<Step> read = mapper.readValue(json, mapper.getTypeFactory().constructCollectionType(List.class, Step.class));
        assertThat(read).isEqualTo(steps);
        assertThat(read.get(0).hashCode()).isEqualTo(steps.get(0).hashCode());
        assertThat(new Step.Scale(Map.of("age", new double[] {41.5, 12.0}))).isNotEqualTo(new Step.Scale(Map.of("age", new double[] {41.5, 12.25})));
    }
}
