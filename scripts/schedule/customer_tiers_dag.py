"""customer-tiers nightly run as an Airflow DAG (Airflow 2.4+ and 3.x).

Copy this file into the DAGs folder of an Airflow whose workers can run the customer-tiers checkout
(TIERS_HOME) with a JDK 25, and edit the constants below. Each DAG run processes one day: the
data interval of a run that starts at 02:30 is [yesterday 02:30, today 02:30) in the business time
zone, so the day passed to `tiers run --as-of` is the interval's start date, i.e. yesterday. A
cleared or backfilled run therefore recomputes exactly its own day.

scripts/schedule/tiers-nightly runs the job, writes <TIERS_LOG_DIR>/tiers-YYYY-MM-DD.log (Airflow
keeps its own task log per try as well), retries while the input is not ready (exit code 3) and
fails the task with the tiers exit code otherwise (docs/OPERATIONS.md lists them). When the date is
published, the second task hands the tier files to marketing: it resolves the date's live version
with `tiers published --print exports` (never by listing the warehouse, see docs/OPERATIONS.md
"Reading what is published") and copies its CSV files to MARKETING_DROP/<day>/.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.bash import BashOperator
from airflow.timetables.interval import CronDataIntervalTimetable

TIERS_HOME = "/opt/customer-tiers"
CONFIG = "/etc/customer-tiers/tiers.yaml"
BUSINESS_TIME_ZONE = "Europe/Berlin"
LOG_DIR = "/var/log/customer-tiers"
# Empty: the embedded local Spark (scripts/tiers). On a cluster, spark-submit options for
# scripts/tiers-submit, e.g. "--master yarn --num-executors 4 --executor-memory 4g".
SUBMIT_OPTS = ""
# Where marketing picks up the per-tier CSV files of each day (a local or mounted directory; for a
# warehouse on HDFS or S3 replace `cp` below by `hdfs dfs -cp` or `aws s3 cp --recursive`).
MARKETING_DROP = "/srv/marketing/customer-tiers"
DAY = "{{ data_interval_start.in_timezone('" + BUSINESS_TIME_ZONE + "').strftime('%Y-%m-%d') }}"

with DAG(
    dag_id="customer_tiers_nightly",
    description="Customer tiers for yesterday: ingest, score, tier, publish",
    # An interval timetable on purpose: the run's data interval is the day it computes (with a plain
    # cron string, Airflow 3 would make the logical date the run's start, i.e. today).
    schedule=CronDataIntervalTimetable("30 2 * * *", timezone=BUSINESS_TIME_ZONE),
    start_date=pendulum.datetime(2026, 11, 1, tz=BUSINESS_TIME_ZONE),
    catchup=False,  # True would run every day since start_date, oldest first
    max_active_runs=1,  # the warehouse locks would make a second run wait or fail (exit code 5)
    default_args={
        "owner": "data-platform",
        # Exit code 3 (input not ready) is retried inside tiers-nightly; these retries are for the rest.
        "retries": 1,
        "retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(hours=8),
    },
    tags=["customer-tiers"],
) as dag:
    tiers_run = BashOperator(
        task_id="tiers_run",
        bash_command=f"{TIERS_HOME}/scripts/schedule/tiers-nightly --as-of {DAY} -- --config {CONFIG}",
        env={
            "TIERS_BUSINESS_TIME_ZONE": BUSINESS_TIME_ZONE,
            "TIERS_LOG_DIR": LOG_DIR,
            "TIERS_SUBMIT_OPTS": SUBMIT_OPTS,
        },
        append_env=True,  # keep PATH, JAVA_HOME, HADOOP_CONF_DIR ... of the worker
    )
    hand_off = BashOperator(
        task_id="hand_off_exports",
        bash_command=(
            "set -euo pipefail; "
            f"exports=$({TIERS_HOME}/scripts/tiers published --config {CONFIG} --as-of {DAY} --print exports); "
            f'mkdir -p "{MARKETING_DROP}/{DAY}.tmp" && cp "$exports"/*.csv "{MARKETING_DROP}/{DAY}.tmp/" '
            f'&& rm -rf "{MARKETING_DROP}/{DAY}" && mv "{MARKETING_DROP}/{DAY}.tmp" "{MARKETING_DROP}/{DAY}"'
        ),
        append_env=True,
    )
    tiers_run >> hand_off
