"""Scheduled and event-driven work (DESIGN §7): recompute, checks, proposals, alerts, retention, checkpoints.

Every job is a plain function that takes its sessions and the time (`now`) explicitly, so tests drive it
without a scheduler; `gateway.jobs.registry` lists them with their triggers and `gateway.jobs.scheduler`
runs them with APScheduler in the one replica that holds the leader lock (`gateway.jobs.leader`).
"""
