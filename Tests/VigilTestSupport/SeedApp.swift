/// The walkthrough's FastAPI service with prometheus_client, as a Python script: the
/// real-client tests start it with `python3 -c SeedApp.python PORT` and drive traffic.
public enum SeedApp {
    public static let python = #"""
import sys, time
from fastapi import FastAPI, Response, Request
from prometheus_client import Counter, Histogram, generate_latest, CONTENT_TYPE_LATEST
import uvicorn
app = FastAPI()
REQ_COUNT = Counter("http_requests_total", "Gesamtanzahl HTTP-Anfragen", ["path", "method", "status"])
REQ_LATENCY = Histogram("http_request_latency_seconds", "Anfrage-Latenz (s)", ["path", "method"])
@app.middleware("http")
async def metrics_middleware(request: Request, call_next):
    start = time.time()
    response = await call_next(request)
    latency = time.time() - start
    if request.url.path != "/metrics":
        REQ_LATENCY.labels(request.url.path, request.method).observe(latency)
        REQ_COUNT.labels(request.url.path, request.method, str(response.status_code)).inc()
    return response
@app.get("/metrics")
def metrics():
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
@app.get("/predict")
def predict():
    return {"ok": True}
@app.get("/fail")
def fail():
    return Response("boom", status_code=500)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="error", timeout_graceful_shutdown=1)
"""#
}
