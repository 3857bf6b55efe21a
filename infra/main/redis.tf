resource "aws_elasticache_subnet_group" "main" {
  name       = "${local.name}-redis"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_parameter_group" "main" {
  name        = "${local.name}-redis7"
  family      = "redis7"
  description = "Genonaut ${var.env}: BullMQ needs keys kept, never evicted"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = "${local.name}-redis"
  description          = "Genonaut ${var.env}: job queue, cache, pub/sub"

  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.main.name

  num_cache_clusters         = 1 + var.redis_replicas
  automatic_failover_enabled = var.redis_replicas > 0
  multi_az_enabled           = var.redis_replicas > 0

  subnet_group_name  = aws_elasticache_subnet_group.main.name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token

  snapshot_retention_limit = local.is_prod ? 3 : 0
  apply_immediately        = !local.is_prod
}

locals {
  redis_auth = var.redis_auth_token == null ? "" : ":${var.redis_auth_token}@"
  # rediss:// = TLS, which transit_encryption_enabled requires.
  redis_url = "rediss://${local.redis_auth}${aws_elasticache_replication_group.main.primary_endpoint_address}:6379"
}
