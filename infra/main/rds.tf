locals {
  db_deletion_protection = coalesce(var.db_deletion_protection, local.is_prod)
  db_family              = "postgres${split(".", var.db_engine_version)[0]}"
}

resource "aws_db_subnet_group" "main" {
  name       = "${local.name}-db"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "main" {
  name        = "${local.name}-postgres"
  family      = local.db_family
  description = "Genonaut ${var.env}: timeouts, slow-query log, TLS only"

  # The ceiling for any statement; the app sets a tighter one per session (database.statement-timeout).
  parameter {
    name  = "statement_timeout"
    value = tostring(var.db_statement_timeout_ms)
  }

  parameter {
    name  = "idle_in_transaction_session_timeout"
    value = "60000"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.db_slow_query_log_ms)
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "main" {
  identifier     = "${local.name}-postgres"
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name  = var.db_name
  username = var.db_username
  # RDS generates the password and keeps it in Secrets Manager; it never enters Terraform state.
  manage_master_user_password = true

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  multi_az               = var.db_multi_az
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  port                   = 5432
  parameter_group_name   = aws_db_parameter_group.main.name

  backup_retention_period    = var.db_backup_retention_days
  backup_window              = "03:00-04:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true

  deletion_protection       = local.db_deletion_protection
  skip_final_snapshot       = !local.db_deletion_protection
  final_snapshot_identifier = local.db_deletion_protection ? "${local.name}-postgres-final" : null

  performance_insights_enabled          = true
  performance_insights_retention_period = 7
  enabled_cloudwatch_logs_exports       = ["postgresql"]

  apply_immediately = !local.is_prod
}
