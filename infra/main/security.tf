# One security group per role. Rules reference groups, not CIDRs, so "who may talk to whom"
# reads directly off this file:
#   internet -> alb:80/443 -> api:8001
#   api, worker, scheduler -> postgres:5432, redis:6379
#   api, worker -> efs:2049 (shared image directory)
#   worker -> comfyui load balancer:8189 -> comfyui hosts:8189 (nothing else reaches ComfyUI)

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Public load balancer in front of the API"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-alb" }
}

resource "aws_security_group" "api" {
  name        = "${local.name}-api"
  description = "API tasks"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-api" }
}

resource "aws_security_group" "worker" {
  name        = "${local.name}-worker"
  description = "Generation worker tasks"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-worker" }
}

resource "aws_security_group" "scheduler" {
  name        = "${local.name}-scheduler"
  description = "Scheduler task and one-off maintenance tasks (migrations)"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-scheduler" }
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "PostgreSQL"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-db" }
}

resource "aws_security_group" "redis" {
  name        = "${local.name}-redis"
  description = "Redis"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-redis" }
}

resource "aws_security_group" "efs" {
  name        = "${local.name}-efs"
  description = "Shared image directory"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-efs" }
}

resource "aws_security_group" "comfyui_lb" {
  name        = "${local.name}-comfyui-lb"
  description = "Internal load balancer in front of the ComfyUI GPU hosts"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-comfyui-lb" }
}

resource "aws_security_group" "comfyui" {
  name        = "${local.name}-comfyui"
  description = "ComfyUI GPU hosts"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${local.name}-comfyui" }
}

# ---------------------------------------------------------------- public edge
resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = toset(var.alb_ingress_cidrs)

  security_group_id = aws_security_group.alb.id
  description       = "HTTP"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = toset(var.alb_ingress_cidrs)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "alb_to_api" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Forward to API tasks"
  referenced_security_group_id = aws_security_group.api.id
  ip_protocol                  = "tcp"
  from_port                    = var.api_port
  to_port                      = var.api_port
}

resource "aws_vpc_security_group_ingress_rule" "api_from_alb" {
  security_group_id            = aws_security_group.api.id
  description                  = "API port from the load balancer"
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = var.api_port
  to_port                      = var.api_port
}

# ---------------------------------------------------------------- tasks: outbound
# Tasks need HTTPS to AWS APIs (ECR, Secrets Manager, CloudWatch) through the NAT gateway,
# plus the data stores below; "all egress" keeps image pulls and package mirrors simple.
resource "aws_vpc_security_group_egress_rule" "task_all" {
  for_each = {
    api       = aws_security_group.api.id
    worker    = aws_security_group.worker.id
    scheduler = aws_security_group.scheduler.id
    comfyui   = aws_security_group.comfyui.id
  }

  security_group_id = each.value
  description       = "All outbound"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# ---------------------------------------------------------------- data stores
locals {
  data_clients = {
    api       = aws_security_group.api.id
    worker    = aws_security_group.worker.id
    scheduler = aws_security_group.scheduler.id
  }
  storage_clients = {
    api    = aws_security_group.api.id
    worker = aws_security_group.worker.id
  }
}

resource "aws_vpc_security_group_ingress_rule" "db" {
  for_each = local.data_clients

  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from ${each.key}"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  for_each = local.data_clients

  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from ${each.key}"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

resource "aws_vpc_security_group_ingress_rule" "efs" {
  for_each = local.storage_clients

  security_group_id            = aws_security_group.efs.id
  description                  = "NFS from ${each.key}"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
}

# ---------------------------------------------------------------- comfyui: workers only
resource "aws_vpc_security_group_ingress_rule" "comfyui_lb_from_worker" {
  security_group_id            = aws_security_group.comfyui_lb.id
  description                  = "ComfyUI from workers only"
  referenced_security_group_id = aws_security_group.worker.id
  ip_protocol                  = "tcp"
  from_port                    = local.comfyui_port
  to_port                      = local.comfyui_port
}

resource "aws_vpc_security_group_egress_rule" "comfyui_lb_to_hosts" {
  security_group_id            = aws_security_group.comfyui_lb.id
  description                  = "Forward to GPU hosts"
  referenced_security_group_id = aws_security_group.comfyui.id
  ip_protocol                  = "tcp"
  from_port                    = local.comfyui_port
  to_port                      = local.comfyui_port
}

resource "aws_vpc_security_group_ingress_rule" "comfyui_from_lb" {
  security_group_id            = aws_security_group.comfyui.id
  description                  = "ComfyUI (traffic and health checks) from its load balancer"
  referenced_security_group_id = aws_security_group.comfyui_lb.id
  ip_protocol                  = "tcp"
  from_port                    = local.comfyui_port
  to_port                      = local.comfyui_port
}
