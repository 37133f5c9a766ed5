"""Imports an exported DAG file against stand-ins for the Airflow and Kubernetes modules it uses, and
prints its DAGs as JSON: each task's id, operator, upstream ids, arguments (a mapped task's list per
map index) and settings. The stand-ins accept only the keyword arguments the real classes take, so a
misspelt setting fails here as it would in Airflow.

Usage: python3 airflow_dag_graph.py DAG_FILE
"""
import datetime
import importlib.util
import json
import sys
import types

DAGS = []
CURRENT = []


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class AirflowSkipException(AirflowException):
    pass


class Model:
    """A kubernetes.client model: keeps its keyword arguments; an unset attribute reads None, as in the client."""

    def __init__(self, **kwargs):
        self.__dict__["kwargs"] = kwargs

    def __getattr__(self, name):
        return self.__dict__["kwargs"].get(name)


class ModelsModule(types.ModuleType):
    def __getattr__(self, name):
        if not name.startswith("V1"):
            raise AttributeError(name)
        model = type(name, (Model,), {})
        setattr(self, name, model)
        return model


DAG_PARAMETERS = {"dag_id", "description", "doc_md", "schedule", "start_date", "catchup", "max_active_tasks", "max_active_runs", "tags",
                  "user_defined_filters", "default_args"}
BASE_PARAMETERS = {"task_id", "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay", "doc_md", "max_active_tis_per_dag",
                   "on_retry_callback", "on_failure_callback", "trigger_rule", "pool", "queue", "priority_weight", "execution_timeout",
                   "do_xcom_push"}
POD_PARAMETERS = {"namespace", "image", "image_pull_policy", "cmds", "arguments", "env_vars", "secrets", "volumes", "volume_mounts",
                  "security_context", "container_security_context", "labels", "get_logs", "container_resources", "node_selector",
                  "tolerations", "name", "in_cluster", "kubernetes_conn_id", "startup_timeout_seconds", "service_account_name",
                  "skip_on_exit_code", "on_finish_action"}


class DAG:
    def __init__(self, **kwargs):
        unknown = set(kwargs) - DAG_PARAMETERS
        if unknown:
            raise TypeError(f"DAG got unexpected keyword arguments {sorted(unknown)}")
        self.dag_id = kwargs["dag_id"]
        self.kwargs = kwargs
        self.tasks = {}
        DAGS.append(self)

    def __enter__(self):
        CURRENT.append(self)
        return self

    def __exit__(self, *exc):
        CURRENT.pop()


class XComArg:
    def __init__(self, operator):
        self.operator = operator


class BaseOperator:
    parameters = BASE_PARAMETERS
    template_ext = ("sql",)

    def __init__(self, **kwargs):
        unknown = set(kwargs) - type(self).parameters
        if unknown:
            raise TypeError(f"{type(self).__name__} got unexpected keyword arguments {sorted(unknown)}")
        self.task_id = kwargs["task_id"]
        self.kwargs = kwargs
        self.upstream = set()
        self.expanded = None
        if CURRENT:
            dag = CURRENT[-1]
            if self.task_id in dag.tasks:
                raise ValueError(f"task id {self.task_id} twice in {dag.dag_id}")
            dag.tasks[self.task_id] = self

    @classmethod
    def partial(cls, **kwargs):
        return Partial(cls, kwargs)

    @property
    def output(self):
        return XComArg(self)

    def __rshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            task.upstream.add(self.task_id)
        return other

    def __rrshift__(self, other):
        for task in other:
            self.upstream.add(task.task_id)
        return self


class Partial:
    def __init__(self, cls, kwargs):
        self.cls = cls
        self.kwargs = kwargs

    def expand(self, **mapped):
        if "task_id" not in self.kwargs:
            raise TypeError("partial() needs task_id")
        unknown = set(mapped) - self.cls.parameters
        if unknown:
            raise TypeError(f"expand() got unexpected keyword arguments {sorted(unknown)}")
        operator = self.cls(**self.kwargs)
        operator.expanded = mapped
        return operator


class KubernetesPodOperator(BaseOperator):
    parameters = BASE_PARAMETERS | POD_PARAMETERS
    template_ext = ("yaml", "yml", "json")

    def cleanup(self, pod, remote_pod):
        """As the provider's: a pod that did not succeed raises AirflowException."""
        if remote_pod.status.phase != "Succeeded":
            raise AirflowException(f"Pod {pod.metadata.name} returned a failure.")


class ShortCircuitOperator(BaseOperator):
    parameters = BASE_PARAMETERS | {"python_callable", "op_args", "op_kwargs", "ignore_downstream_trigger_rules"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for arg in kwargs.get("op_args", []):
            if isinstance(arg, XComArg):
                self.upstream.add(arg.operator.task_id)


class TriggerDagRunOperator(BaseOperator):
    parameters = BASE_PARAMETERS | {"trigger_dag_id", "trigger_run_id", "conf", "wait_for_completion", "reset_dag_run"}


class Secret:
    def __init__(self, deploy_type, deploy_target, secret, key=None):
        self.deploy_type, self.deploy_target, self.secret, self.key = deploy_type, deploy_target, secret, key


def module(name, **attributes):
    created = types.ModuleType(name)
    created.__dict__.update(attributes)
    sys.modules[name] = created
    return created


module("airflow", DAG=DAG)
module("airflow.exceptions", AirflowException=AirflowException, AirflowFailException=AirflowFailException,
       AirflowSkipException=AirflowSkipException)
module("airflow.operators")
module("airflow.operators.python", ShortCircuitOperator=ShortCircuitOperator)
module("airflow.operators.trigger_dagrun", TriggerDagRunOperator=TriggerDagRunOperator)
for name in ("airflow.providers", "airflow.providers.cncf", "airflow.providers.cncf.kubernetes", "airflow.providers.cncf.kubernetes.operators"):
    module(name)
module("airflow.providers.cncf.kubernetes.operators.pod", KubernetesPodOperator=KubernetesPodOperator)
module("airflow.providers.cncf.kubernetes.secret", Secret=Secret)
models = ModelsModule("kubernetes.client.models")
sys.modules["kubernetes.client.models"] = models
module("kubernetes")
module("kubernetes.client", models=models)


def plain(value):
    if isinstance(value, Model):
        return {"_type": type(value).__name__, **{key: plain(item) for key, item in value.kwargs.items()}}
    if isinstance(value, Secret):
        return {"_type": "Secret", "deploy_type": value.deploy_type, "deploy_target": value.deploy_target, "secret": value.secret,
                "key": value.key}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, XComArg):
        return {"_xcom": value.operator.task_id}
    if callable(value):
        return getattr(value, "__name__", "callable")
    return value


def pod(phase, exit_code):
    terminated = models.V1ContainerStateTerminated(exit_code=exit_code)
    status = models.V1PodStatus(phase=phase, container_statuses=[
        models.V1ContainerStatus(name="base", state=models.V1ContainerState(terminated=terminated))])
    return models.V1Pod(metadata=models.V1ObjectMeta(name="p"), status=status)


def cleanup_outcome(operator_class, phase, exit_code):
    operator = operator_class(task_id="probe")
    try:
        operator.cleanup(pod(phase, exit_code), pod(phase, exit_code))
    except Exception as error:
        return type(error).__name__
    return "done"


def main(path):
    spec = importlib.util.spec_from_file_location("exported_dag", path)
    dag_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dag_module)
    dags = []
    for dag in DAGS:
        tasks = []
        for task in dag.tasks.values():
            settings = {key: plain(value) for key, value in task.kwargs.items() if key not in ("task_id", "arguments")}
            tasks.append({"id": task.task_id, "operator": type(task).__name__, "upstream": sorted(task.upstream),
                          "mapped": task.expanded is not None,
                          "arguments": task.expanded["arguments"] if task.expanded is not None else task.kwargs.get("arguments"),
                          "template_ext": list(type(task).template_ext), "settings": settings})
        dags.append({"dag_id": dag.dag_id, "settings": {key: plain(value) for key, value in dag.kwargs.items() if key != "doc_md"},
                     "doc": dag.kwargs.get("doc_md"), "tasks": tasks})
    filters = DAGS[0].kwargs.get("user_defined_filters", {})
    run_names = {run_id: filters["pipewright_run"](run_id) for run_id in (
        "manual__2024-05-01T06:00:00.123456+00:00", "scheduled__2024-05-01T06:00:00+00:00", "__odd run/id: ü!")} if filters else {}
    operator = getattr(dag_module, "PipewrightPodOperator")
    cleanup = {str(code): cleanup_outcome(operator, "Succeeded" if code == 0 else "Failed", code) for code in (0, 1, 2, 137)}
    triggered = None
    if hasattr(dag_module, "check_triggered"):
        triggered = {label: dag_module.check_triggered(check) for label, check in (
            ("true", {"triggered": True}), ("false", {"triggered": False}), ("none", None), ("missing", {}))}
    json.dump({"dags": dags, "run_names": run_names, "cleanup": cleanup, "triggered": triggered,
               "docstring": dag_module.__doc__}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
