resource "aws_ecs_cluster" "main" {
  name = local.name

  # Container Insights publishes RunningTaskCount, which the worker autoscaling divides by.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

locals {
  database_url = "postgres://${var.db_username}@${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=no-verify"
  public_url   = var.api_public_url != "" ? var.api_public_url : "http://${aws_lb.api.dns_name}"

  app_environment = [
    for name, value in {
      ENV_TARGET     = local.env_target
      DATABASE_URL   = local.database_url
      COMFYUI_URL    = local.comfyui_url
      API_HOST       = "0.0.0.0"
      API_PORT       = tostring(var.api_port)
      API_PUBLIC_URL = local.public_url
      DATA_DIR       = "/data"
      STORAGE_DIR    = local.storage_mount
      LOG_LEVEL      = var.log_level
      IMAGES_BUCKET  = aws_s3_bucket.images.bucket
      AWS_REGION     = var.region
    } : { name = name, value = value }
  ]

  # The scheduler alone (one task per cluster) publishes the queue-depth metric the worker
  # autoscaling reads: the app's queue-metric.* config keys, as environment variables. Namespace
  # and Environment value come from the same locals/variables autoscaling.tf reads; the metric
  # name (QueueDepth) and the dimension name (Environment) are fixed in the app
  # (apps/server/src/jobs/queue-metric.ts).
  queue_metric_environment = [
    for name, value in {
      QUEUE_METRIC_INTERVAL_SECONDS = tostring(var.queue_metric_interval_seconds)
      QUEUE_METRIC_NAMESPACE        = local.queue_namespace
      QUEUE_METRIC_ENVIRONMENT      = var.env
    } : { name = name, value = value }
  ]
  role_environment = {
    for role in keys(local.roles) : role => role == "scheduler" ? concat(local.app_environment, local.queue_metric_environment) : local.app_environment
  }

  # Every role runs the same image; only the command (the `genonaut` CLI subcommand),
  # the size and the mounts differ.
  roles = {
    api = {
      command       = ["api"]
      cpu           = var.api_cpu
      memory        = var.api_memory
      ports         = [var.api_port]
      images_volume = true
      stop_timeout  = 30
    }
    worker = {
      command       = ["worker"]
      cpu           = var.worker_cpu
      memory        = var.worker_memory
      ports         = []
      images_volume = true
      # Lets a worker finish the generation it holds before it is replaced.
      stop_timeout = 120
    }
    scheduler = {
      command       = ["scheduler"]
      cpu           = var.scheduler_cpu
      memory        = var.scheduler_memory
      ports         = []
      images_volume = false
      stop_timeout  = 30
    }
    migrate = {
      command       = ["db", "migrate"]
      cpu           = var.scheduler_cpu
      memory        = var.scheduler_memory
      ports         = []
      images_volume = false
      stop_timeout  = 30
    }
  }

  role_security_groups = {
    api       = aws_security_group.api.id
    worker    = aws_security_group.worker.id
    scheduler = aws_security_group.scheduler.id
    migrate   = aws_security_group.scheduler.id
  }
}

resource "aws_ecs_task_definition" "role" {
  for_each = local.roles

  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # Scratch space: the root filesystem is read-only.
  volume {
    name = "data"
  }

  volume {
    name = "tmp"
  }

  dynamic "volume" {
    for_each = each.value.images_volume ? [1] : []
    content {
      name = "images"
      efs_volume_configuration {
        file_system_id     = aws_efs_file_system.images.id
        transit_encryption = "ENABLED"
        authorization_config {
          access_point_id = aws_efs_access_point.images.id
          iam             = "ENABLED"
        }
      }
    }
  }

  container_definitions = jsonencode([
    {
      name                   = each.key
      image                  = local.app_image
      essential              = true
      command                = each.value.command
      environment            = local.role_environment[each.key]
      secrets                = local.app_secrets
      readonlyRootFilesystem = true
      stopTimeout            = each.value.stop_timeout
      linuxParameters        = { initProcessEnabled = true }
      portMappings           = [for p in each.value.ports : { containerPort = p, protocol = "tcp" }]
      mountPoints = concat(
        [
          { sourceVolume = "data", containerPath = "/data", readOnly = false },
          { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
        ],
        each.value.images_volume ? [{ sourceVolume = "images", containerPath = local.storage_mount, readOnly = false }] : [],
      )
      healthCheck = each.key == "api" ? {
        command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${var.api_port}/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      } : null
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.role[each.key].name
          awslogs-region        = var.region
          awslogs-stream-prefix = each.key
        }
      }
    }
  ])
}

# ---------------------------------------------------------------- services
resource "aws_ecs_service" "api" {
  name                   = "${local.name}-api"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.role["api"].arn
  desired_count          = var.api_min_count
  launch_type            = "FARGATE"
  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  health_check_grace_period_seconds = 60

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.api.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = var.api_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Autoscaling owns the count after creation.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.http]
}

resource "aws_ecs_service" "worker" {
  name                   = "${local.name}-worker"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.role["worker"].arn
  desired_count          = var.worker_min_count
  launch_type            = "FARGATE"
  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

# Exactly one scheduler: a deployment stops the old task before starting the new one, so
# periodic jobs never have two owners.
resource "aws_ecs_service" "scheduler" {
  name                   = "${local.name}-scheduler"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.role["scheduler"].arn
  desired_count          = 1
  launch_type            = "FARGATE"
  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  deployment_maximum_percent         = 100
  deployment_minimum_healthy_percent = 0

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.scheduler.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
