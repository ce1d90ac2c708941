"""The deployment files (deploy/, .dockerignore), checked offline: no Docker daemon, cluster or network.

* **YAML style**: yamllint (``deploy/.yamllint``) on ``deploy/compose.yaml`` and ``deploy/k8s/*.yaml``;
  a warning fails too.
* **Kubernetes**: every manifest against the API schemas of the releases in ``K8S_VERSIONS``, shipped
  inside kubernetes-validate, in its strict mode (an unknown field fails); the kustomization lists
  them all and, where ``kubectl`` is installed, renders. Then what a schema cannot say: the probes
  ask /_stcore/health on the container's port, the pods run as the image's user on a read-only root
  with writable scratch folders, the data come from a ReadWriteMany claim, the cookie secret from a
  Secret, both Ingresses (the front door, and the uploads' own with their rate limit and body size)
  pin a reader to a pod by the same cookie, and no manifest holds a secret value.
* **Compose**: ``deploy/compose.yaml`` against the Compose Specification JSON schema that
  check-jsonschema vendors (``vendor.compose-spec``), plus this deployment's structure (replicas, the
  shared volume, secrets from files outside the repository, the proxy's read-only mounts).
* **Dockerfile**: parsed by dockerfile-parse: a pinned slim base, a non-root USER before the
  entrypoint, a HEALTHCHECK on /_stcore/health, VOLUME /data, only requirements.txt installed, clean
  apt layers, and every file COPY'd present and not excluded by ``.dockerignore`` (read with Docker's
  rules: patterns in order, ``!`` re-includes, a folder's pattern covers what is in it); the files
  the app reads at runtime are among them.
* **nginx**: ``nginx -t`` on the proxy's configuration laid out as compose.yaml mounts it, with the
  host ``app`` (unresolvable here) replaced by 127.0.0.1; then that nginx run on a loopback port before a
  stand-in process: uploads up to the app's limit pass whole, larger bodies are refused (413), and
  uploads over the rate are refused (429) per client address. Skipped, saying so, where nginx is absent.
* **Upload limits**: each uploader's limit, Streamlit's ``server.maxUploadSize``, nginx's and the
  Ingress's body sizes in order, each set in one file; the uploads' rate limit the same in nginx and
  the Ingress, on the upload path only.
* **The entrypoint**: run by ``sh`` on temporary folders: it seeds an empty folder, never touches a
  filled one, redoes a seed cut short, waits for the import lock and then re-checks, reads the
  cookie secret file, and starts Streamlit with the documented options.

Each validator is also given a broken file, to show that it fails. Not done here: building the image
or starting the containers (base images cannot be pulled, and there is no Docker daemon or
``docker compose``); see deploy/README.md.
"""

from __future__ import annotations

import ast
import fcntl
import filecmp
import http.client
import http.server
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from dockerfile_parse import DockerfileParser
from yamllint import linter
from yamllint.config import YamlLintConfig

from bench.browser import free_port_block
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = DEPLOY / "compose.yaml"
ENTRYPOINT = DEPLOY / "docker-entrypoint.sh"
K8S = DEPLOY / "k8s"
MANIFESTS = sorted(path for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml")
# The newest release the pinned kubernetes-validate ships, and an older one managed clusters still run.
K8S_VERSIONS = ("1.33.0", "1.37.0")
HEALTH_PATH = "/_stcore/health"
APP_PORT = 8501
FRONT_DOOR, UPLOADS_INGRESS = "iom-dashboard", "iom-dashboard-uploads"  # the Ingresses' names
UPLOAD_PATH = "/_stcore/upload_file"  # Streamlit's: PUT UPLOAD_PATH/<session>/<file id>
NGINX = DEPLOY / "nginx"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
TIMEOUT_S = 120  # a ceiling for each command, not a wait


def load_all(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def k8s_objects() -> list[dict]:
    """Every Kubernetes object in deploy/k8s."""
    return [doc for path in MANIFESTS for doc in load_all(path)]


def manifests() -> dict[str, dict]:
    """Every Kubernetes object in deploy/k8s but the Ingresses (see ingresses()), by kind: one of each."""
    objects: dict[str, dict] = {}
    for doc in k8s_objects():
        if doc["kind"] == "Ingress":
            continue
        assert doc["kind"] not in objects, f"two {doc['kind']} objects: the tests expect one of each"
        objects[doc["kind"]] = doc
    return objects


def ingresses() -> dict[str, dict]:
    """The Ingresses by name: the front door, and the uploads' own (their rate limit and body size)."""
    found = {doc["metadata"]["name"]: doc for doc in k8s_objects() if doc["kind"] == "Ingress"}
    assert sorted(found) == sorted([FRONT_DOOR, UPLOADS_INGRESS])
    return found


def annotations(ingress: dict) -> dict[str, str]:
    """An Ingress's ingress-nginx annotations, without their prefix."""
    return {
        key.removeprefix("nginx.ingress.kubernetes.io/"): value
        for key, value in ingress["metadata"]["annotations"].items()
    }


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, **kwargs)


# YAML style


def yamllint_problems(text: str, name: str) -> list[str]:
    config = YamlLintConfig(file=str(DEPLOY / ".yamllint"))
    return [f"{name}:{p.line}:{p.column}: {p.level}: {p.desc} ({p.rule})" for p in linter.run(text, config, name)]


@pytest.mark.parametrize("path", [COMPOSE, *sorted(K8S.glob("*.yaml"))], ids=lambda p: p.name)
def test_yamllint_passes(path: Path):
    assert yamllint_problems(path.read_text(encoding="utf-8"), path.name) == []


def test_yamllint_fails_a_broken_file():
    text = COMPOSE.read_text(encoding="utf-8") + "volumes:\n  again: {}\n" + "# " + "word " * 30 + "\n"
    problems = " ".join(yamllint_problems(text, COMPOSE.name))
    assert "duplication of key" in problems and "line too long" in problems


# Kubernetes: schemas


@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_for_kubernetes(path: Path, version: str):
    for doc in load_all(path):
        kubernetes_validate.validate(doc, version, strict=True)  # raises on any problem


def test_kubernetes_validate_fails_an_unknown_field():
    deployment = manifests()["Deployment"]
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}  # a typo
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSIONS[-1], strict=True)


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert kustomization["kind"] == "Kustomization"
    assert sorted(kustomization["resources"]) == [path.name for path in MANIFESTS]


def test_kustomization_renders():
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: `kubectl kustomize deploy/k8s` cannot be run")
    result = run([kubectl, "kustomize", str(K8S)])
    assert result.returncode == 0, result.stderr
    kinds = sorted(doc["kind"] for doc in yaml.safe_load_all(result.stdout) if doc)
    assert kinds == sorted(doc["kind"] for doc in k8s_objects())


# Kubernetes: what this deployment needs


def pod_spec() -> dict:
    return manifests()["Deployment"]["spec"]["template"]["spec"]


def container() -> dict:
    (only,) = pod_spec()["containers"]
    return only


def container_port(port: int | str) -> int:
    """A probe's or Service's port as a number: a name is looked up among the container's ports."""
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in container()["ports"] if p.get("name") == port)


def image_env() -> dict[str, str]:
    return DockerfileParser(str(DOCKERFILE)).envs


def test_deployment_runs_two_replicas_of_the_pod():
    deployment = manifests()["Deployment"]
    assert deployment["spec"]["replicas"] == 2
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()


@pytest.mark.parametrize("probe", ["startupProbe", "readinessProbe", "livenessProbe"])
def test_probes_ask_streamlit_health_on_the_container_port(probe: str):
    check = container()[probe]["httpGet"]
    assert check["path"] == HEALTH_PATH
    assert container_port(check["port"]) == APP_PORT
    assert [p["containerPort"] for p in container()["ports"]] == [APP_PORT]


def test_probe_timings_allow_a_cold_start():
    probes = container()
    startup = probes["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 60  # cold start: 10-30 s, and a margin
    assert probes["readinessProbe"]["periodSeconds"] <= probes["livenessProbe"]["periodSeconds"]
    for name in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert probes[name]["timeoutSeconds"] < probes[name]["periodSeconds"]


def test_resources_are_requested_and_limited():
    resources = container()["resources"]
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_the_pod_is_guaranteed_a_whole_cpu():
    """Requests equal to limits and a whole number of CPUs: the static CPU manager pins such a pod to its own cores."""
    resources = container()["resources"]
    assert resources["requests"] == resources["limits"]
    assert str(resources["limits"]["cpu"]).isdigit() and int(resources["limits"]["cpu"]) >= 1


def test_pods_run_as_the_image_user_on_a_read_only_root():
    security, own = pod_spec()["securityContext"], container()["securityContext"]
    user = DockerfileParser(str(DOCKERFILE)).structure
    (uid,) = [i["value"].split(":")[0] for i in user if i["instruction"] == "USER"]
    assert security["runAsNonRoot"] is True
    assert str(security["runAsUser"]) == uid and str(security["fsGroup"]) == uid
    assert own["readOnlyRootFilesystem"] is True and own["allowPrivilegeEscalation"] is False
    assert own["capabilities"]["drop"] == ["ALL"]


def test_every_folder_the_app_writes_is_a_volume():
    """With a read-only root: /data, /tmp and the validation cache must each lie on a mounted volume."""
    mounts = {m["mountPath"]: m for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in pod_spec()["volumes"]}
    env = image_env()
    for folder in (env["IOM_DATA_DIR"], "/tmp", env["IOM_VALIDATION_CACHE"]):
        mount = next(
            (m for path, m in mounts.items() if folder == path or folder.startswith(path.rstrip("/") + "/")), None
        )
        assert mount is not None, f"{folder} is on the read-only root"
        assert not mount.get("readOnly") and "secret" not in volumes[mount["name"]]


def test_data_come_from_a_read_write_many_claim():
    claim = manifests()["PersistentVolumeClaim"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    (data,) = [m for m in container()["volumeMounts"] if m["mountPath"] == image_env()["IOM_DATA_DIR"]]
    volume = next(v for v in pod_spec()["volumes"] if v["name"] == data["name"])
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]


def test_secrets_come_from_secrets():
    env = {e["name"]: e for e in container()["env"]}
    cookie = env["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert "value" not in cookie and cookie["valueFrom"]["secretKeyRef"]["name"]
    args = container()["args"]
    secrets_file = args[args.index("--secrets.files") + 1]
    secret_volumes = {v["name"] for v in pod_spec()["volumes"] if "secret" in v}
    assert any(
        m["name"] in secret_volumes and m.get("readOnly") and secrets_file.startswith(m["mountPath"] + "/")
        for m in container()["volumeMounts"]
    )


def test_no_manifest_holds_a_secret_value():
    for doc in k8s_objects():
        assert doc["kind"] != "Secret" and "stringData" not in doc and "data" not in doc, doc["kind"]
    for entry in container().get("env", []):
        if re.search(r"SECRET|PASSWORD|TOKEN|KEY", entry["name"]):
            assert "value" not in entry, entry["name"]


def test_service_reaches_the_pods():
    service, labels = manifests()["Service"], manifests()["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["type"] == "ClusterIP"
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert container_port(port["targetPort"]) == APP_PORT


def test_ingress_pins_a_reader_to_a_pod_and_keeps_websockets_open():
    service = manifests()["Service"]
    notes = annotations(ingresses()[FRONT_DOOR])
    assert notes["affinity"] == "cookie" and notes["affinity-mode"] == "persistent"
    assert notes["session-cookie-name"]
    assert notes["proxy-read-timeout"] == notes["proxy-send-timeout"] == "3600"
    for ingress in ingresses().values():
        backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
        assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
        assert all(b["port"]["name"] in {p["name"] for p in service["spec"]["ports"]} for b in backends)


def paths(ingress: dict) -> list[tuple[str, str, str, dict]]:
    """(host, path, pathType, backend) of each of an Ingress's paths."""
    return [
        (rule["host"], path["path"], path["pathType"], path["backend"])
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]


def test_uploads_have_an_ingress_of_their_own_on_the_same_pods():
    """ingress-nginx applies limit-rpm and proxy-body-size to every path of an Ingress, so uploads have
    their own; it pins by cookie only the paths of an Ingress that asks for it, so that one asks alike,
    for the same host and backend: the file reaches the pod that holds its session."""
    front, uploads = ingresses()[FRONT_DOOR], ingresses()[UPLOADS_INGRESS]
    assert [(host, path, kind) for host, path, kind, _ in paths(uploads)] == [
        (host, UPLOAD_PATH, "Prefix") for host, *_ in paths(front)
    ]
    assert {repr(backend) for *_, backend in paths(uploads)} == {repr(backend) for *_, backend in paths(front)}
    assert uploads["spec"]["ingressClassName"] == front["spec"]["ingressClassName"]
    affinity = {
        key: value for key, value in annotations(front).items() if key.startswith(("affinity", "session-cookie"))
    }
    assert affinity and affinity.items() <= annotations(uploads).items()
    assert not {key for key in annotations(front) if key.startswith("limit-")}  # pages are never rate-limited
    # Uploads in flight per address, as nginx's limit_conn.
    blocks, _ = nginx_blocks(NGINX / "dashboard.conf")
    [[_, connections]] = directives(blocks[f"location {UPLOAD_PATH}/"], "limit_conn")
    assert annotations(uploads)["limit-connections"] == connections


# Compose


def check_compose_schema(path: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)])


def test_compose_file_matches_the_compose_specification():
    result = check_compose_schema(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_schema_check_fails_a_misplaced_key(tmp_path: Path):
    broken = compose()
    broken["services"]["app"]["replicas"] = broken["services"]["app"].pop("deploy")["replicas"]  # not under deploy
    path = tmp_path / "compose.yaml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = check_compose_schema(path)
    assert result.returncode == 1 and "replicas" in result.stdout + result.stderr


def test_compose_app_is_the_image_in_replicas_on_one_volume():
    app, env = compose()["services"]["app"], image_env()
    assert (DEPLOY / app["build"]["context"]).resolve() == ROOT
    assert (ROOT / app["build"]["dockerfile"]).resolve() == DOCKERFILE
    assert app["deploy"]["replicas"] == 2
    assert "ports" not in app and "container_name" not in app  # both would stop a second replica
    assert f"data:{env['IOM_DATA_DIR']}" in app["volumes"] and "data" in compose()["volumes"]
    assert app["restart"] in {"always", "unless-stopped", "on-failure"}
    assert HEALTH_PATH in " ".join(app["healthcheck"]["test"]) and str(APP_PORT) in " ".join(app["healthcheck"]["test"])
    # A read-only root, with scratch space where the app writes.
    assert app["read_only"] is True
    assert "/tmp" in app["tmpfs"]
    assert any(env["IOM_VALIDATION_CACHE"].startswith(folder + "/") for folder in app["tmpfs"])


def test_compose_secrets_are_files_outside_the_repository():
    spec = compose()
    app, secrets = spec["services"]["app"], spec["secrets"]
    assert set(app["secrets"]) == set(secrets) == {"cookie_secret", "editors"}
    for secret in secrets.values():
        assert set(secret) == {"file"} and secret["file"].startswith("${IOM_SECRETS_DIR:?")
    assert app["environment"] == {"IOM_COOKIE_SECRET_FILE": "/run/secrets/cookie_secret"}
    assert app["command"] == ["--secrets.files", "/run/secrets/editors"]


def test_compose_proxy_mounts_the_shared_nginx_files_read_only():
    proxy = compose()["services"]["proxy"]
    assert proxy["image"] == "nginx:1.27-alpine"
    assert proxy["ports"] == ["127.0.0.1:8080:80"]
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    mounts = [volume.split(":") for volume in proxy["volumes"]]
    assert all(mode == "ro" and (DEPLOY / source).is_file() for source, _, mode in mounts)
    assert sorted(Path(source).name for source, _, _ in mounts) == [
        "compose-upstream.conf",
        "dashboard.conf",
        "maps.conf",
    ]
    upstream = (DEPLOY / "nginx" / "compose-upstream.conf").read_text(encoding="utf-8")
    assert re.search(
        r"upstream dashboard \{[^}]*hash \$iom_route consistent;[^}]*server app:8501[^}]*keepalive 32;", upstream
    )


# nginx


def nginx_layout(tmp_path: Path, upstream_text: str, listen: str | None = None) -> Path:
    """The proxy's /etc/nginx as compose.yaml mounts it, under tmp_path; returns its nginx.conf.

    The main file stands for the image's own (which includes conf.d/*.conf inside http {}); it keeps
    every file nginx writes under tmp_path. It listens on ``listen`` (an address:port), or on a socket file.
    """
    for source, target, _ in (volume.split(":") for volume in compose()["services"]["proxy"]["volumes"]):
        destination = tmp_path / Path(target).relative_to("/etc/nginx")
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = (DEPLOY / source).read_text(encoding="utf-8")
        if source.endswith("compose-upstream.conf"):
            # nginx -t binds the listening sockets: a socket file instead of port 80 (root's, maybe taken).
            assert "listen 80;" in upstream_text
            text = upstream_text.replace("listen 80;", f"listen {listen or f'unix:{tmp_path}/proxy.sock'};")
        destination.write_text(text, encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    main = tmp_path / "nginx.conf"
    # Started by root, nginx runs its workers as nobody, who could not write an upload's temporary file here.
    user = "user root root;" if os.geteuid() == 0 else ""
    main.write_text(
        f"""
{user}
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include conf.d/*.conf;
}}
""",
        encoding="utf-8",
    )
    return main


def nginx_binary() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if nginx is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx): its configuration cannot be tested")
    return nginx


def nginx_test(main: Path) -> subprocess.CompletedProcess[str]:
    return run([nginx_binary(), "-t", "-p", str(main.parent), "-e", str(main.parent / "error.log"), "-c", str(main)])


def compose_upstream(host: str = "127.0.0.1") -> str:
    text = (DEPLOY / "nginx" / "compose-upstream.conf").read_text(encoding="utf-8")
    assert "server app:8501" in text
    return text.replace("server app:8501", f"server {host}:8501")


def test_nginx_accepts_the_compose_proxy_configuration(tmp_path: Path):
    result = nginx_test(nginx_layout(tmp_path, compose_upstream()))
    assert result.returncode == 0, result.stderr


def test_nginx_refuses_the_configuration_without_the_maps(tmp_path: Path):
    result = nginx_test(nginx_layout(tmp_path, compose_upstream().replace("include iom/maps.conf;", "")))
    assert result.returncode != 0 and "unknown" in result.stderr and "variable" in result.stderr


# nginx and the Ingress: upload limits and the uploads' rate limit

MIB = 1024 * 1024  # Streamlit's MB and nginx's "m" alike
# The multipart envelope around one file (boundary lines, the part's headers, its name): a few hundred
# bytes; a generous bound.
ENVELOPE_BYTES = 64 * 1024
CEILING_BYTES = 25 * MIB  # no limit above this: every upload is held in memory whole, by the proxy and the app
MAX_UPLOADS_A_MINUTE = 10  # "a few a minute": more would let one visitor keep the processes parsing
UPLOAD_LOCATION = f"location {UPLOAD_PATH}/"
# Where each limit on a request's body is set, and nowhere else (not as an environment variable in
# compose.yaml, a flag in run-local.sh or the entrypoint): each figure is stated once.
LIMIT_SETTINGS = {
    r"maxUploadSize|MAX_UPLOAD_SIZE": STREAMLIT_CONFIG,
    r"client_max_body_size|client_body_buffer_size": NGINX / "dashboard.conf",
    r"proxy-body-size": K8S / "ingress.yaml",
}


def nginx_blocks(path: Path) -> tuple[dict[str, list[list[str]]], dict[str, str]]:
    """An nginx file's directives block by block, as lists of words, and each block's parent. A block is
    named by its words ("location /", "map $http_upgrade $connection_upgrade"), the file's top level "";
    a nested block's directives are its own, not its parent's."""
    text = re.sub(r"(^|\s)#[^\n]*", r"\1", path.read_text(encoding="utf-8"), flags=re.M)
    blocks: dict[str, list[list[str]]] = {"": []}
    parents: dict[str, str] = {}
    stack: list[str] = [""]
    words: list[str] = []
    for token in re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', text):
        if token == ";":
            blocks[stack[-1]].append(words)
            words = []
        elif token == "{":
            name = " ".join(words)
            assert name not in blocks, f"two blocks {name!r} in {path.name}"
            blocks[name], parents[name] = [], stack[-1]
            stack.append(name)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token)
    assert stack == [""] and not words, f"{path.name}: unbalanced braces or a directive without its ';'"
    return blocks, parents


def directives(block: list[list[str]], name: str) -> list[list[str]]:
    """The arguments of each directive ``name`` in a block."""
    return [words[1:] for words in block if words[0] == name]


def size_bytes(size: str) -> int:
    """An nginx size ("512", "64k", "22m"), as nginx and ingress-nginx read it: k and m are 1024 and 1024 x 1024."""
    match = re.fullmatch(r"(\d+)([kKmM]?)", size)
    assert match, f"not an nginx size: {size!r}"
    return int(match[1]) * {"": 1, "k": 1024, "m": MIB}[match[2].lower()]


def server_upload_bytes() -> int:
    """Streamlit's server.maxUploadSize, in bytes: the most it takes in one upload request."""
    with STREAMLIT_CONFIG.open("rb") as handle:
        return tomllib.load(handle)["server"]["maxUploadSize"] * MIB  # MB of 1024 x 1024 bytes (its upload route)


def nginx_upload_limit() -> int:
    blocks, _ = nginx_blocks(NGINX / "dashboard.conf")
    [[size]] = directives(blocks[UPLOAD_LOCATION], "client_max_body_size")
    return size_bytes(size)


def upload_rate() -> int:
    """Uploads a minute per client address: the rate of nginx's zone for them."""
    maps, _ = nginx_blocks(NGINX / "maps.conf")
    [[key, zone, rate]] = directives(maps[""], "limit_req_zone")
    assert key == "$binary_remote_addr" and re.fullmatch(r"zone=iom_uploads:\d+[km]", zone)
    match = re.fullmatch(r"rate=(\d+)r/m", rate)
    assert match, f"the rate is not in requests a minute: {rate}"
    return int(match[1])


def test_upload_limits_agree():
    """Each uploader refuses a larger file in the browser, at the code's limit exactly; the server takes the
    largest uploader's file in its multipart envelope; both front doors (nginx, the uploads' Ingress) take at
    least what the server takes, and agree; nothing above the ceiling. Elsewhere, no body."""
    from lib.dataset.csvtext import MAX_FILE_BYTES, MEGABYTE
    from lib.newsletters.newsletter import MAX_NEWSLETTER_BYTES
    from ui.draft_tab import UPLOAD_MB
    from ui.import_tab import CSV_UPLOAD_MB

    # Whole MB, counted as the uploader counts them: the browser refuses exactly what the code would.
    assert UPLOAD_MB * MEGABYTE == MAX_NEWSLETTER_BYTES and CSV_UPLOAD_MB * MEGABYTE == MAX_FILE_BYTES
    server = server_upload_bytes()
    assert server >= max(MAX_NEWSLETTER_BYTES, MAX_FILE_BYTES) + ENVELOPE_BYTES
    nginx, ingress = nginx_upload_limit(), size_bytes(annotations(ingresses()[UPLOADS_INGRESS])["proxy-body-size"])
    assert server <= nginx == ingress <= CEILING_BYTES, (server, nginx, ingress)
    blocks, _ = nginx_blocks(NGINX / "dashboard.conf")
    # Spilled to a temporary file past 1 MB: slow uploads do not each hold their size in nginx's memory.
    assert [size_bytes(size) for [size] in directives(blocks[UPLOAD_LOCATION], "client_body_buffer_size")] == [MIB]
    [[elsewhere]] = directives(blocks["location /"], "client_max_body_size")
    assert size_bytes(elsewhere) <= MIB
    assert size_bytes(annotations(ingresses()[FRONT_DOOR])["proxy-body-size"]) <= MIB


def setting_files() -> list[Path]:
    """Every file that configures a server or a proxy: the deployment's (documentation aside), Streamlit's
    config, CI, and what starts servers (serve.py, the benchmarks)."""
    files = [path for path in deployment_files() if path.suffix != ".md"]
    files += [
        STREAMLIT_CONFIG,
        ROOT / "serve.py",
        *sorted((ROOT / ".ci").iterdir()),
        *sorted((ROOT / "bench").glob("*.py")),
    ]
    return [path for path in files if path.is_file()]


@pytest.mark.parametrize("setting", LIMIT_SETTINGS, ids=lambda pattern: pattern.split("|")[0])
def test_each_upload_limit_is_set_in_one_place(setting: str):
    found = set()
    for path in setting_files():
        text = re.sub(r"(^|\s)#[^\n]*", r"\1", path.read_text(encoding="utf-8"), flags=re.M)  # comments may name it
        if re.search(setting, text):
            found.add(path)
    assert found == {LIMIT_SETTINGS[setting]}, f"{setting} is set in {sorted(str(p.relative_to(ROOT)) for p in found)}"


def test_nginx_limits_the_rate_of_uploads_only():
    """Per client address, a few a minute and a burst of a minute's worth, refused at once with 429; on the
    upload path only (pages, the websocket and downloads are never limited). The Ingress alike."""
    per_minute = upload_rate()
    assert 1 <= per_minute <= MAX_UPLOADS_A_MINUTE
    blocks, _ = nginx_blocks(NGINX / "dashboard.conf")
    upload = blocks[UPLOAD_LOCATION]
    assert directives(upload, "limit_req") == [["zone=iom_uploads", f"burst={per_minute}", "nodelay"]]
    assert directives(upload, "limit_req_status") == [["429"]]
    assert directives(upload, "limit_conn") == [["iom_upload_connections", "2"]] and directives(
        upload, "limit_conn_status"
    ) == [["429"]]
    maps, _ = nginx_blocks(NGINX / "maps.conf")
    assert directives(maps[""], "limit_conn_zone") == [["$binary_remote_addr", "zone=iom_upload_connections:1m"]]
    assert [name for name, block in blocks.items() if directives(block, "limit_req")] == [UPLOAD_LOCATION]
    notes = annotations(ingresses()[UPLOADS_INGRESS])
    assert int(notes["limit-rpm"]) == per_minute  # its burst: limit-rpm x limit-burst-multiplier
    assert int(notes["limit-rpm"]) * int(notes["limit-burst-multiplier"]) == per_minute


def test_the_upload_location_keeps_every_setting_of_the_front_door():
    """Nested in `location /`, it inherits its headers, timeouts and routing cookie, as long as it sets none
    of those kinds itself (one proxy_set_header or add_header of its own would drop every inherited one);
    and it names the same upstream, hashed on the routing cookie: the file reaches its session's process."""
    blocks, parents = nginx_blocks(NGINX / "dashboard.conf")
    assert parents[UPLOAD_LOCATION] == "location /"
    own = {words[0] for words in blocks[UPLOAD_LOCATION]}
    assert own == {
        "proxy_pass",
        "limit_req",
        "limit_req_status",
        "limit_conn",
        "limit_conn_status",
        "client_max_body_size",
        "client_body_buffer_size",
    }
    assert directives(blocks[UPLOAD_LOCATION], "proxy_pass") == directives(blocks["location /"], "proxy_pass")


class Upstream(http.server.BaseHTTPRequestHandler):
    """Stands for a Streamlit process: answers every request with what reached it, and keeps a count."""

    protocol_version = "HTTP/1.1"  # nginx keeps its connections to the processes alive

    def answer(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        received = 0
        while received < size:
            received += len(self.rfile.read(min(MIB, size - received)))
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        body = json.dumps(
            {"bytes": received, "host": self.headers["Host"], "forwarded_for": self.headers["X-Forwarded-For"]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_DELETE = answer

    def log_message(self, *args) -> None:
        pass  # quiet


@dataclass
class RunningProxy:
    port: int
    seen: list[str]  # the paths that reached the upstream

    def send(
        self, method: str, path: str, body: bytes = b"", source: str = "127.0.0.1", declared: int | None = None
    ) -> tuple[int, http.client.HTTPResponse, dict]:
        """One request from the client address ``source`` (any of 127.0.0.0/8 reaches loopback); with
        ``declared``, a Content-Length of that many bytes and no body sent (nginx answers a refusal first)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S, source_address=(source, 0))
        try:
            connection.putrequest(method, path)
            connection.putheader("Content-Length", str(len(body) if declared is None else declared))
            connection.endheaders()
            if declared is None and body:
                connection.send(body)
            response = connection.getresponse()
            content = response.read()
            reached = json.loads(content) if response.status == 200 else {}
            return response.status, response, reached
        finally:
            connection.close()


@pytest.fixture
def running_proxy(tmp_path: Path) -> Iterator[RunningProxy]:
    """nginx with the compose proxy's configuration on a loopback port, before a stand-in upstream."""
    nginx = nginx_binary()
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    upstream.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port_block(0)
    text = compose_upstream().replace("server 127.0.0.1:8501", f"server 127.0.0.1:{upstream.server_port}")
    main = nginx_layout(tmp_path, text, listen=f"127.0.0.1:{port}")
    process = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, f"nginx exited: {process.stderr.read() if process.stderr else ''}"
                assert time.monotonic() < deadline, "nginx did not listen in time"
                time.sleep(0.05)
        yield RunningProxy(port, upstream.seen)  # type: ignore[attr-defined]
    finally:
        process.terminate()  # nginx's fast shutdown
        process.wait(timeout=TIMEOUT_S)
        upstream.shutdown()
        upstream.server_close()


def test_nginx_passes_uploads_up_to_its_limit_and_refuses_larger(running_proxy: RunningProxy):
    """An upload as large as the server takes reaches the process whole, with the front door's headers and
    routing cookie; one byte over nginx's limit, or any body over 1 MB on another path, is refused (413)
    before it is read."""
    upload = f"{UPLOAD_PATH}/session/file"
    status, answer, reached = running_proxy.send("PUT", upload, b"x" * server_upload_bytes())
    assert status == 200 and reached["bytes"] == server_upload_bytes()
    assert reached["host"] == f"127.0.0.1:{running_proxy.port}" and reached["forwarded_for"] == "127.0.0.1"
    assert (answer.getheader("Set-Cookie") or "").startswith("iom_route=")
    assert running_proxy.send("PUT", upload, declared=nginx_upload_limit() + 1)[0] == 413
    assert running_proxy.send("PUT", "/", declared=MIB + 1)[0] == 413
    assert running_proxy.seen == [upload]


def test_nginx_refuses_uploads_over_the_rate_with_429(running_proxy: RunningProxy):
    """A minute's worth of uploads at once and the first one pass; the next is refused at once without
    reaching the process; the same client's pages still load, and another client's uploads pass."""
    per_minute = upload_rate()
    client, other = "127.0.0.2", "127.0.0.3"
    statuses = [
        running_proxy.send("PUT", f"{UPLOAD_PATH}/session/{n}", b"x", source=client)[0] for n in range(per_minute + 2)
    ]
    assert statuses == [200] * (per_minute + 1) + [429]
    assert f"{UPLOAD_PATH}/session/{per_minute + 1}" not in running_proxy.seen
    assert running_proxy.send("GET", "/", source=client)[0] == 200
    assert running_proxy.send("PUT", f"{UPLOAD_PATH}/session/other", b"x", source=other)[0] == 200


# Dockerfile and .dockerignore


def instructions() -> list[dict]:
    return [i for i in DockerfileParser(str(DOCKERFILE)).structure if i["instruction"] != "COMMENT"]


def final_stage() -> list[dict]:
    steps = instructions()
    last_from = max(n for n, i in enumerate(steps) if i["instruction"] == "FROM")
    return steps[last_from:]


def test_base_images_are_a_pinned_slim_python():
    for image in DockerfileParser(str(DOCKERFILE)).parent_images:
        assert re.fullmatch(r"python:3\.11(\.\d+)?-slim-bookworm(@sha256:[0-9a-f]{64})?", image), image


def test_the_app_runs_as_a_user_other_than_root():
    stage = final_stage()
    kinds = [i["instruction"] for i in stage]
    users = [i["value"] for i in stage if i["instruction"] == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    starts = [n for n, kind in enumerate(kinds) if kind in {"ENTRYPOINT", "CMD"}]
    assert starts and max(n for n, kind in enumerate(kinds) if kind == "USER") < min(starts)


def test_healthcheck_asks_streamlit_health():
    (check,) = [i["value"] for i in final_stage() if i["instruction"] == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{APP_PORT}{HEALTH_PATH}" in check
    assert "curl" not in check and "wget" not in check  # neither is in the slim image


def test_data_volume_port_and_cache():
    stage = final_stage()
    env = image_env()
    assert [i["value"] for i in stage if i["instruction"] == "VOLUME"] == [env["IOM_DATA_DIR"]] == ["/data"]
    assert [i["value"] for i in stage if i["instruction"] == "EXPOSE"] == [str(APP_PORT)]
    assert env["IOM_VALIDATION_CACHE"].startswith(env["HOME"] + "/")


def test_only_the_runtime_requirements_are_installed():
    runs = [i["value"] for i in instructions() if i["instruction"] in {"RUN", "COPY", "ADD"}]
    assert not any("requirements-dev" in value for value in runs)
    installs = [shlex.split(value) for value in runs if "pip install" in value]
    assert installs
    for words in installs:
        requirement_files = [words[n + 1] for n, word in enumerate(words) if word in {"-r", "--requirement"}]
        assert [Path(name).name for name in requirement_files] == ["requirements.txt"], words


def test_apt_layers_are_clean_and_install_the_brief_font():
    installs = [i["value"] for i in instructions() if i["instruction"] == "RUN" and "apt-get install" in i["value"]]
    assert installs and any("fonts-liberation" in value for value in installs)
    for value in installs:
        assert "--no-install-recommends" in value and "rm -rf /var/lib/apt/lists/*" in value


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """.dockerignore as Docker reads it: (is an exception, compiled pattern), in order."""
    patterns = []
    for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = os.path.normpath(line.removeprefix("!").strip()).lstrip("/")
        patterns.append((exception, re.compile(glob_regex(pattern))))
    return patterns


def glob_regex(pattern: str) -> str:
    """Go's filepath.Match syntax plus ``**`` (any number of folders), as Docker compiles a pattern."""
    out, n = "", 0
    while n < len(pattern):
        char = pattern[n]
        if pattern.startswith("**/", n):
            out, n = out + "(?:.*/)?", n + 3
            continue
        if pattern.startswith("**", n):
            out, n = out + ".*", n + 2
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            end = pattern.index("]", n + 1)
            body = pattern[n + 1 : end]
            out += "[" + ("^" + body[1:] if body[:1] in {"!", "^"} else body) + "]"
            n = end
        elif char == "\\":
            n += 1
            out += re.escape(pattern[n])
        else:
            out += re.escape(char)
        n += 1
    return f"^{out}$"


def excluded(path: str) -> bool:
    """Whether the build context leaves ``path`` (relative, with /) out: the last pattern matching it,
    or one of the folders it is in, decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    result = False
    for exception, pattern in dockerignore_patterns():
        if any(pattern.match(candidate) for candidate in candidates):
            result = not exception
    return result


def copies() -> list[tuple[list[str], str]]:
    """(sources, destination) of every COPY or ADD from the build context (not --from another stage)."""
    found = []
    for step in instructions():
        if step["instruction"] not in {"COPY", "ADD"}:
            continue
        words = shlex.split(step["value"])
        if any(word.startswith("--from") for word in words):
            continue
        words = [word for word in words if not word.startswith("--")]
        found.append((words[:-1], words[-1]))
    return found


def tracked_files(folder: str) -> list[str]:
    result = run(["git", "ls-files", "-z", "--", folder], cwd=ROOT)
    if result.returncode != 0:
        pytest.skip(f"git cannot list the repository's files: {result.stderr.strip()}")
    return [name for name in result.stdout.split("\0") if name]


def test_every_copied_file_exists_and_is_in_the_build_context():
    for sources, _ in copies():
        for source in sources:
            path = ROOT / source
            assert path.exists(), source
            if path.is_file():
                assert not excluded(source), f"{source} is COPY'd but .dockerignore leaves it out"
            else:
                files = [f for f in tracked_files(source) if (ROOT / f).is_file()]
                assert files, source
                left_out = [f for f in files if excluded(f)]
                assert not left_out, f".dockerignore leaves out files of {source}: {left_out}"


def copied(path: str) -> bool:
    """Whether the image gets ``path`` (relative to the repository's root)."""
    for sources, _ in copies():
        for source in sources:
            folder = source.rstrip("/")
            if (path == folder or path.startswith(folder + "/")) and not excluded(path):
                return True
    return False


def test_the_image_gets_what_the_app_reads_at_runtime():
    from lib.presenting import maps, pages

    needed = [
        "app.py",
        "serve.py",
        "requirements.txt",
        ".streamlit/config.toml",
        "assets/icon.png",
        "lib/briefs/brief.typ",
        "data/datapackage.json",
        "deploy/docker-entrypoint.sh",
    ]
    needed += [f"geo/{name}" for name in maps.LEVEL_FILES.values()]
    assert maps.GEO_DIR == ROOT / "geo"
    # The translations every language but English reads (lib.i18n.catalogues).
    needed += [str(path.relative_to(ROOT)) for path in sorted((ROOT / "locales").rglob("*.po"))]
    assert len([name for name in needed if name.endswith(".po")]) == 4
    needed += [str(Path(page.file)) for page in pages.PAGES]
    # Every module of this repository that the app's entry points import.
    for script in ("app.py", "serve.py"):
        for node in ast.walk(ast.parse((ROOT / script).read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            for name in names:
                top = name.split(".")[0]
                if (ROOT / top).is_dir():
                    needed.append(f"{top}/__init__.py" if (ROOT / top / "__init__.py").exists() else top)
    missing = [path for path in needed if not (ROOT / path).exists() or not copied(path)]
    assert not missing, f"the image would lack {missing}"


@pytest.mark.parametrize(
    "path",
    [
        ".git/config",
        ".venv/bin/python",
        ".streamlit/secrets.toml",
        "lib/secrets.toml",
        "tests/test_data.py",
        "bench/results/run.json",
        "docs/brief-page-1.png",
        "artifacts/screens/a.png",
        ".hypothesis/examples/x",
        ".pytest_cache/v/x",
        "lib/__pycache__/data.cpython-311.pyc",
        "data/.import.lock",
        "data/.import-journal.json",
        "data/.editor-lockout.json",
        "data/history/2004-11/figures.csv",
        "requirements-dev.txt",
        "deploy/k8s/pvc.yaml",
        "secrets.toml.example",
        "README.md",
    ],
)
def test_dockerignore_leaves_out(path: str):
    assert excluded(path)


def test_dockerignore_reader_follows_docker_rules():
    assert not excluded("lib/dataset/data.py") and not excluded("data/figures.csv")  # re-included by "!lib/", "!data/"
    assert excluded("geo/build_boundaries.py") and not excluded("geo/districts.geojson")


def test_entrypoint_is_the_copied_script():
    (entrypoint,) = [i["value"] for i in final_stage() if i["instruction"] == "ENTRYPOINT"]
    (target,) = [dest for sources, dest in copies() if sources == ["deploy/docker-entrypoint.sh"]]
    assert Path(target).name in entrypoint and Path(target).parent.as_posix() == "/usr/local/bin"


# The entrypoint


def entrypoint(data: Path, *command: str, env: dict[str, str] | None = None, **kwargs):
    """The entrypoint run by ``sh`` on ``data``, seeding from the repository's data/, with no cookie secret
    from this environment."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"STREAMLIT_SERVER_COOKIE_SECRET", "IOM_COOKIE_SECRET_FILE"}
    }
    environment.update({"IOM_DATA_DIR": str(data), "IOM_SEED_DIR": str(ROOT / "data"), **(env or {})})
    return subprocess.Popen(
        ["sh", str(ENTRYPOINT), *command],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=TIMEOUT_S)
    return process.returncode, out, err


def seed_files() -> list[str]:
    return sorted(path.name for path in (ROOT / "data").iterdir() if path.is_file() and not path.name.startswith("."))


def visible(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))


def test_entrypoint_seeds_an_empty_folder(tmp_path: Path):
    data = tmp_path / "data"
    (data / "lost+found").mkdir(parents=True)  # a fresh ext4 volume has one: still empty
    code, _, err = finish(entrypoint(data, "true"))
    assert code == 0, err
    assert visible(data) == sorted([*seed_files(), "lost+found"])
    assert all(filecmp.cmp(ROOT / "data" / name, data / name, shallow=False) for name in seed_files())
    assert not (data / ".seeding").exists() and (data / ".import.lock").exists()


def test_entrypoint_never_touches_a_filled_folder(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "figures.csv").write_text("edited\n", encoding="utf-8")
    code, _, err = finish(entrypoint(data, "true"))
    assert code == 0, err
    assert visible(data) == ["figures.csv"] and (data / "figures.csv").read_text(encoding="utf-8") == "edited\n"


def test_entrypoint_redoes_a_seed_cut_short(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / ".seeding").touch()
    (data / "figures.csv").write_text("half\n", encoding="utf-8")
    code, _, err = finish(entrypoint(data, "true"))
    assert code == 0, err
    assert visible(data) == seed_files() and not (data / ".seeding").exists()
    assert filecmp.cmp(ROOT / "data" / "figures.csv", data / "figures.csv", shallow=False)


def test_entrypoint_waits_for_the_import_lock_then_checks_again(tmp_path: Path):
    from lib.dataset.store import LOCK_FILE

    if shutil.which("flock") is None:
        pytest.skip("flock(1) (util-linux) is not installed: the entrypoint seeds without the lock")
    data = tmp_path / "data"
    data.mkdir()
    with open(data / LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another replica, seeding
        process = entrypoint(data, "true")
        assert "waiting for the lock" in process.stderr.readline()
        (data / "figures.csv").write_text("seeded by the other replica\n", encoding="utf-8")
        (data / "datapackage.json").write_text("{}\n", encoding="utf-8")
        fcntl.flock(lock, fcntl.LOCK_UN)
    code, _, err = finish(process)
    assert code == 0, err
    assert visible(data) == ["datapackage.json", "figures.csv"]
    assert (data / "figures.csv").read_text(encoding="utf-8") == "seeded by the other replica\n"


def test_entrypoint_reads_the_cookie_secret_file(tmp_path: Path):
    data, secret = tmp_path / "data", tmp_path / "cookie-secret"
    data.mkdir()
    (data / "datapackage.json").write_text("{}\n", encoding="utf-8")
    secret.write_text("not-a-real-secret\n", encoding="utf-8")
    show = ["sh", "-c", 'printf %s "$STREAMLIT_SERVER_COOKIE_SECRET"']
    code, out, err = finish(entrypoint(data, *show, env={"IOM_COOKIE_SECRET_FILE": str(secret)}))
    assert (code, out) == (0, "not-a-real-secret"), err
    secret.write_text("", encoding="utf-8")
    code, out, err = finish(entrypoint(data, *show, env={"IOM_COOKIE_SECRET_FILE": str(secret)}))
    assert code == 1 and "is empty" in err


def test_entrypoint_starts_streamlit_with_the_documented_options(tmp_path: Path):
    data, bin_dir = tmp_path / "data", tmp_path / "bin"
    data.mkdir()
    (data / "datapackage.json").write_text("{}\n", encoding="utf-8")
    bin_dir.mkdir()
    fake = bin_dir / "python"  # stands in for the image's python: prints what it was asked to run
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    code, out, err = finish(entrypoint(data, "--secrets.files", "/etc/iom-dashboard/secrets.toml", env=env))
    assert code == 0, err
    assert out.split("\n")[:-1] == [
        "-m",
        "streamlit",
        "run",
        "serve.py",
        "--server.address",
        "0.0.0.0",
        "--server.port",
        str(APP_PORT),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--secrets.files",
        "/etc/iom-dashboard/secrets.toml",
    ]
    assert "no cookie secret" in err


def test_entrypoint_uses_the_apps_lock_file():
    from lib.dataset.store import LOCK_FILE

    assert f"LOCK={LOCK_FILE}" in ENTRYPOINT.read_text(encoding="utf-8")


# Secrets, anywhere in the deployment files

SECRET_LOOKING = re.compile(
    r"scrypt\$|password_hash\s*=\s*\"|-----BEGIN|\b[0-9a-f]{32,}\b|"
    r"(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])"
    r"[A-Za-z0-9+/_-]{40,}"
)


def deployment_files() -> list[Path]:
    return sorted(path for path in [*DEPLOY.rglob("*"), DOCKERIGNORE] if path.is_file())


def test_no_deployment_file_holds_a_secret():
    found = {
        path.relative_to(ROOT).as_posix(): SECRET_LOOKING.findall(path.read_text(encoding="utf-8"))
        for path in deployment_files()
    }
    assert not {name: hits for name, hits in found.items() if hits}


def test_secret_pattern_catches_a_secret():
    assert SECRET_LOOKING.search('password_hash = "scrypt$16384$8$1$abc$def"')
    assert SECRET_LOOKING.search("cookie-secret: " + "3f" * 32)
