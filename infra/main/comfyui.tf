# ComfyUI on GPU EC2 hosts in an auto-scaling group, behind an internal network load balancer
# that only workers may reach. Source-IP stickiness keeps one worker on one host, because a
# ComfyUI prompt is submitted and then polled (/history, /view) on the host that holds it.

data "aws_ssm_parameter" "ecs_gpu_ami" {
  count = var.comfyui_ami_id == "" ? 1 : 0
  name  = "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id"
}

locals {
  comfyui_ami_id = var.comfyui_ami_id != "" ? var.comfyui_ami_id : nonsensitive(data.aws_ssm_parameter.ecs_gpu_ami[0].value)
  comfyui_url    = "http://${aws_lb.comfyui.dns_name}:${local.comfyui_port}"
}

resource "aws_lb" "comfyui" {
  name               = "${local.name}-comfyui"
  internal           = true
  load_balancer_type = "network"
  subnets            = aws_subnet.private[*].id
  security_groups    = [aws_security_group.comfyui_lb.id]

  enable_cross_zone_load_balancing = true
}

resource "aws_lb_target_group" "comfyui" {
  name        = "${local.name}-comfyui"
  port        = local.comfyui_port
  protocol    = "TCP"
  target_type = "instance"
  vpc_id      = aws_vpc.main.id

  deregistration_delay = 60

  stickiness {
    enabled = true
    type    = "source_ip"
  }

  health_check {
    protocol            = "HTTP"
    path                = "/system_stats"
    port                = "traffic-port"
    interval            = 30
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "comfyui" {
  load_balancer_arn = aws_lb.comfyui.arn
  port              = local.comfyui_port
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.comfyui.arn
  }
}

resource "aws_launch_template" "comfyui" {
  name_prefix   = "${local.name}-comfyui-"
  image_id      = local.comfyui_ami_id
  instance_type = var.comfyui_instance_type

  iam_instance_profile {
    arn = aws_iam_instance_profile.comfyui.arn
  }

  vpc_security_group_ids = [aws_security_group.comfyui.id]

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = var.comfyui_volume_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  user_data = base64encode(templatefile("${path.module}/templates/comfyui-user-data.sh.tftpl", {
    image     = local.comfyui_image
    command   = var.comfyui_command
    port      = local.comfyui_port
    region    = var.region
    log_group = aws_cloudwatch_log_group.role["comfyui"].name
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.common_tags, { Name = "${local.name}-comfyui", Role = "comfyui" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.common_tags, { Name = "${local.name}-comfyui" })
  }
}

resource "aws_autoscaling_group" "comfyui" {
  name                = "${local.name}-comfyui"
  min_size            = var.comfyui_min_count
  max_size            = var.comfyui_max_count
  desired_capacity    = var.comfyui_desired_count
  vpc_zone_identifier = aws_subnet.private[*].id
  target_group_arns   = [aws_lb_target_group.comfyui.arn]

  health_check_type = "ELB"
  # Pulling a multi-GB image and loading checkpoints takes a while.
  health_check_grace_period = 900

  launch_template {
    id      = aws_launch_template.comfyui.id
    version = aws_launch_template.comfyui.latest_version
  }

  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }

  dynamic "tag" {
    for_each = merge(local.common_tags, { Name = "${local.name}-comfyui" })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }
}
