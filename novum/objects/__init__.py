"""Novum's versioned objects. Call register_all() once before using any of them."""


def register_all() -> None:
    # Importing a module registers its objects as novum.objects.<Name>.
    __import__('novum.objects.compute_node')
    __import__('novum.objects.flavor')
    __import__('novum.objects.image_meta')
    __import__('novum.objects.instance')
    __import__('novum.objects.instance_action')
    __import__('novum.objects.instance_fault')
    __import__('novum.objects.keypair')
    __import__('novum.objects.migration')
    __import__('novum.objects.process_stats')
    __import__('novum.objects.quotas')
    __import__('novum.objects.request_spec')
    __import__('novum.objects.selection')
    __import__('novum.objects.service')
    __import__('novum.objects.tag')
    __import__('novum.objects.aggregate')
    __import__('novum.objects.server_group')
