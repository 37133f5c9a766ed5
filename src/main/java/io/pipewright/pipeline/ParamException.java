package io.pipewright.pipeline;

/** A parameter found wrong by a node type's own check ({@link NodeType#checkParams}): the validator files it under that parameter. */
public final class ParamException extends IllegalArgumentException {
    private final String param;

    public ParamException(String param, String message) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
