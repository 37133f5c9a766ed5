package io.pipewright.work;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Jackson's errors as one line for a person: "line 3, column 5: Unexpected character ...". */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** "line L, column C: message", or just the message when Jackson knows no location. */
    public static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage().replaceAll("\\[Source: .*?; line", "[line").replaceAll("\\s+", " ").strip();
        return location == null ? message : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
    }
}
