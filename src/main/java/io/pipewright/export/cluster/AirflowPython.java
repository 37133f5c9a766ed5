package io.pipewright.export.cluster;

/**
 * The fixed part of an exported DAG file: its imports (with the fallbacks for older Kubernetes
 * provider packages), the Jinja filter that makes a DAG run's id a Pipewright run name, and the pod
 * operator that fails without retrying when {@code pipewright} exits 2.
 */
final class AirflowPython {
    private AirflowPython() {
    }

    /** The imports and helpers; {@code monitors}: the file also holds monitor DAGs (their operators and callable). */
    static String prelude(boolean monitors) {
        return """
                import re
                from datetime import datetime, timedelta

                from airflow import DAG
                from airflow.exceptions import AirflowException, AirflowFailException
                """ + (monitors ? """
                from airflow.operators.python import ShortCircuitOperator
                from airflow.operators.trigger_dagrun import TriggerDagRunOperator
                """ : "") + """
                from kubernetes.client import models as k8s

                try:
                    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
                except ImportError:  # apache-airflow-providers-cncf-kubernetes before 5.0
                    from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator
                try:
                    from airflow.providers.cncf.kubernetes.secret import Secret
                except ImportError:  # apache-airflow-providers-cncf-kubernetes before 7.4
                    from airflow.kubernetes.secret import Secret

                # pipewright's exit code for bad input: the same input fails the same way again, so it is never retried
                BAD_INPUT = 2


                def pipewright_run_name(run_id):
                    \"""The DAG run's id as a Pipewright run name and workspace folder: letters, digits, '.', '_', '-', starting with a letter or digit.\"""
                    name = re.sub(r"^[^A-Za-z0-9]+", "", re.sub(r"[^A-Za-z0-9._-]+", "-", run_id))
                    return name or "run"


                def pod_exit_code(remote_pod):
                    \"""The exit code of the pod's pipewright container (KubernetesPodOperator's "base"), or None.\"""
                    status = getattr(remote_pod, "status", None)
                    for container in getattr(status, "container_statuses", None) or []:
                        if container.name == "base":
                            terminated = container.state.terminated if container.state else None
                            return terminated.exit_code if terminated else None
                    return None


                class PipewrightPodOperator(KubernetesPodOperator):
                    \"""A pod running pipewright: a failure is retried as the task's retries say, except exit 2 (bad input), which fails at once.

                    KubernetesPodOperator's retries cannot depend on the exit code; its cleanup raises when the pod failed,
                    and an AirflowFailException there ends the task instance without the retries.
                    \"""

                    # the arguments name files (/pipeline/x.yaml): values, never templates to load
                    template_ext = ()

                    def cleanup(self, pod, remote_pod):
                        try:
                            super().cleanup(pod, remote_pod)
                        except AirflowFailException:
                            raise
                        except AirflowException as failure:
                            if pod_exit_code(remote_pod) == BAD_INPUT:
                                raise AirflowFailException(f"pipewright exited {BAD_INPUT} (bad input): not retried; {failure}") from failure
                            raise
                """ + (monitors ? """


                def check_triggered(check):
                    \"""Whether a monitor's check (its `monitor run --json` document) says to retrain.\"""
                    return bool(check) and check.get("triggered") is True
                """ : "");
    }
}
