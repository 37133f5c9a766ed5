"""Replays a labelled credit file against a running `pipewright serve`: one prediction request a row (its
applicant_id as the request id), then every outcome sent back in one feedback call. Python 3, standard library only.

    python3 sample-data/credit/traffic/replay.py http://127.0.0.1:8080 sample-data/credit/traffic/credit-2027-12.csv
"""
import csv
import json
import sys
import urllib.request

NUMBERS = {"age", "income", "debt_ratio", "employment_years", "credit_lines", "late_payments"}


def post(url, body, headers=None):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main(server, path, model="credit-risk", target="default"):
    labels = []
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            label = row.pop(target)
            key = row.pop("applicant_id")
            features = {name: None if value == "" else float(value) if name in NUMBERS else value for name, value in row.items()}
            post(f"{server}/v1/models/{model}:predict", {"instances": [features]}, {"X-Request-Id": key})
            labels.append({"id": key, "label": label})
    print(json.dumps(post(f"{server}/v1/models/{model}:feedback", labels)))


if __name__ == "__main__":
    main(*sys.argv[1:])
